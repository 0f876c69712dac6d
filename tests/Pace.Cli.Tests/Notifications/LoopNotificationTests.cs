using System.Diagnostics;
using System.Text.Json;
using Pace.Cli.Tests.Faults;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Notifications;

/// <summary>pace.notify on `pace run`: a webhook listener on 127.0.0.1 and a command receive each event (docs/notifications.md).</summary>
public sealed class LoopNotificationTests
{
    /// <summary>
    /// Claude Code's stream-json as the real CLI prints it: the first invocation hits a five-hour window
    /// that resets a second later; B-2 always leaves a failing test; the others are implemented. Each
    /// finished session costs 0.01 USD: a budget of 0.03 ends the run after A-1 and B-2's two sessions.
    /// </summary>
    private const string FakeClaude = """
        #!/bin/sh
        dir=$(dirname "$0")
        n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$dir/count"
        id=$(printf '%s\n' "$@" | sed -n 's/^Feature \([^ ]*\) (.*/\1/p' | head -n 1)
        echo '{"type":"system","subtype":"init","session_id":"s'$n'","model":"fake"}'
        if [ "$n" = 1 ]; then
          at=$(( $(date +%s) + 1 ))
          echo '{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":'$at',"rateLimitType":"five_hour"},"session_id":"s"}'
          echo '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You have hit your session limit","session_id":"s"}'
          exit 1
        fi
        mkdir -p tests
        if [ "$id" = B-2 ]; then echo fail > tests/B-2.test; else echo done > "$id.txt"; echo "needs $id.txt" > "tests/$id.test"; fi
        echo '{"type":"result","subtype":"success","is_error":false,"result":"I implemented '$id'","session_id":"s","num_turns":1,"total_cost_usd":0.01}'
        """;

    [Fact]
    public async Task A_webhook_and_a_command_are_told_of_the_pause_the_resume_a_stuck_feature_the_budget_and_the_end_of_the_run()
    {
        using var webhook = new WebhookListener();
        using var project = new LoopProject("A-1", "B-2", "C-3", "D-4");
        var script = Path.Combine(project.AgentFolder, "fake-claude.sh");
        File.WriteAllText(script, FakeClaude + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Sessions.Configure(project, "\"agent\": \"script\",", $$"""
            "agent": "fake-claude",
            "usageLimits": { "jitterSeconds": 0 },
            "budgetUsd": 0.03,
            """);
        Sessions.Configure(project, "\"agents\": {", $$"""
            "agents": { "fake-claude": { "type": "claude", "command": "{{script}}" },
            """);
        var received = Path.Combine(project.AgentFolder, "notices.jsonl");
        var variables = Path.Combine(project.AgentFolder, "variables.log");
        Notify(project, $$"""
            "command": "cat >> {{received}}; echo $PACE_EVENT_KIND:$PACE_EVENT_PROJECT:$PACE_EVENT_FEATURE:$PACE_EVENT_STOP_REASON >> {{variables}}",
            "webhook": "{{webhook.Url}}"
            """);

        var run = await project.RunAsync("run", "--until-complete", "--json");

        run.ExitCode.ShouldBe(1, run.ToString());
        using var summary = JsonDocument.Parse(run.Stdout);
        summary.RootElement.GetProperty("stopReason").GetString().ShouldBe("Budget");
        var kinds = new[] { "paused", "resumed", "stuck", "budget-reached", "run-finished" };
        var notices = webhook.Notices;
        notices.Select(n => n.GetProperty("kind").GetString()).ShouldBe(kinds);
        webhook.RequestLines.ShouldAllBe(line => line.StartsWith("POST /hooks/" + WebhookListener.Token + " ", StringComparison.Ordinal));
        var runId = summary.RootElement.GetProperty("runId").GetString();
        notices.ShouldAllBe(n => n.GetProperty("run").GetString() == runId && n.GetProperty("project").GetString() == "repo" && n.GetProperty("version").GetInt32() == 1);
        notices[0].GetProperty("pause").GetProperty("agent").GetString().ShouldBe("fake-claude");
        notices[0].GetProperty("pause").GetProperty("reason").GetString().ShouldBe("five_hour limit");
        notices[0].GetProperty("message").GetString().ShouldStartWith("paused until ");
        notices[2].GetProperty("feature").GetString().ShouldBe("B-2");
        notices[2].GetProperty("message").GetString()!.ShouldContain("B-2 is stuck after 2 failed sessions (check 'tests' failed with exit code 1");
        notices[3].GetProperty("message").GetString()!.ShouldContain("0.03 USD");
        notices[4].GetProperty("stopReason").GetString().ShouldBe("Budget");
        notices[4].GetProperty("passing").GetInt32().ShouldBe(1);
        notices[4].GetProperty("total").GetInt32().ShouldBe(4);

        var fromCommand = File.ReadAllLines(received).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString());
        fromCommand.ShouldBe(kinds);
        File.ReadAllLines(variables).ShouldBe(["paused:repo::", "resumed:repo::", "stuck:repo:B-2:", "budget-reached:repo::", "run-finished:repo::Budget"]);
        run.Stderr.ShouldNotContain("notification");
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_webhook_that_never_answers_and_a_command_that_hangs_do_not_hold_the_run_up_beyond_their_timeout()
    {
        using var hanging = new WebhookListener(hang: true);
        using var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Implements("B-2");
        var pidFile = Path.Combine(project.AgentFolder, "notify.pid");
        Notify(project, $$"""
            "command": "sleep 300 & echo $! > {{pidFile}}; wait",
            "webhook": "{{hanging.Url}}",
            "timeoutSeconds": 1
            """);
        var clock = Stopwatch.StartNew();

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("Stopped: every feature passes");
        // Generous: a hang of the command (300 s) or the webhook (forever) would show; the notices' own bound is 1 s.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(100));
        hanging.Notices.Single().GetProperty("kind").GetString().ShouldBe("run-finished");
        run.Stderr.ShouldContain("pace: webhook (127.0.0.1): the run-finished notification was not delivered: no answer in 1 s");
        run.Stderr.ShouldContain("pace: notify command: the run-finished notification was not delivered: it did not finish in 1 s and was ended with everything it started");
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        IsAlive(pid).ShouldBeFalse("the command's child outlived its timeout");
        (run.Stdout + run.Stderr).ShouldNotContain(WebhookListener.Token);
        project.Subjects().Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_webhook_nobody_listens_on_is_logged_without_its_url_and_the_run_completes()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");
        Notify(project, $$"""
            "webhook": "{{WebhookListener.Refusing()}}", "timeoutSeconds": 5
            """);

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("pace: webhook (127.0.0.1): the run-finished notification was not delivered: it could not be reached");
        (run.Stdout + run.Stderr).ShouldNotContain(WebhookListener.Token);
        project.Subjects().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_secret_in_a_stuck_features_reasons_is_redacted_in_the_webhooks_document_and_the_commands_input()
    {
        const string secret = "s3cr3t-notify-value-4242";
        using var webhook = new WebhookListener();
        using var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Behave("B-2", "echo fail > tests/B-2.test");
        Sessions.Configure(project, "\"name\": \"tests\"", $"\"name\": \"tests {secret}\"");
        var received = Path.Combine(project.AgentFolder, "notices.jsonl");
        Notify(project, $$"""
            "command": "cat >> {{received}}; echo $PACE_EVENT_MESSAGE >> {{received}}",
            "webhook": "{{webhook.Url}}",
            "events": ["stuck"]
            """);

        var run = await project.RunAsync(new Dictionary<string, string?> { ["NOTIFY_API_KEY"] = secret }, "run", "--until-complete");

        run.ExitCode.ShouldBe(1, run.ToString());
        var stuck = webhook.Notices.Single();
        stuck.GetProperty("kind").GetString().ShouldBe("stuck");
        stuck.GetProperty("message").GetString()!.ShouldContain("check 'tests [REDACTED]' failed");
        webhook.Bodies.Single().ShouldNotContain(secret);
        var fromCommand = File.ReadAllText(received);
        fromCommand.ShouldContain("[REDACTED]");
        fromCommand.ShouldNotContain(secret);
    }

    /// <summary>Adds pace.notify to the project's pace.json and commits it.</summary>
    internal static void Notify(LoopProject project, string settings) =>
        Sessions.Configure(project, "\"pace\": {", "\"pace\": {\n    \"notify\": { " + settings + " },");

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }
}
