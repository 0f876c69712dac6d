using System.Text.Json;
using Pace.Cli.Tests.Faults;

namespace Pace.Cli.Tests.Loop;

/// <summary>
/// pace.json `agent` as a list: while the first agent is paused by a usage window the sessions go to
/// the next one, and back once the window resets; the run pauses only when every agent is paused.
/// Each agent is a script printing Claude Code's stream-json (as in <see cref="UsageLimitTests"/>).
/// </summary>
public sealed class FallbackAgentTests
{
    /// <summary>
    /// Invocation N prints a five-hour limit resetting in limit.N seconds (writing the reset's epoch
    /// second to resets-at); with hold.N naming another agent's resets-at file, it works until that
    /// reset has passed (a session longer than the other's window); otherwise it implements the feature.
    /// </summary>
    private const string FakeClaude = """
        #!/bin/sh
        dir=$(dirname "$0")
        n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$dir/count"
        id=$(printf '%s\n' "$@" | sed -n 's/^Feature \([^ ]*\) (.*/\1/p' | head -n 1)
        echo '{"type":"system","subtype":"init","session_id":"s'$n'","model":"fake"}'
        if [ -f "$dir/limit.$n" ]; then
          echo partial > partial.txt
          at=$(( $(date +%s) + $(cat "$dir/limit.$n") ))
          echo "$at" > "$dir/resets-at"
          echo '{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":'$at',"rateLimitType":"five_hour"},"session_id":"s"}'
          echo '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You have hit your session limit","session_id":"s"}'
          exit 1
        fi
        if [ -f "$dir/hold.$n" ]; then
          at=$(cat "$(cat "$dir/hold.$n")")
          while [ "$(date +%s)" -le "$at" ]; do sleep 0.2; done
        fi
        echo done > "$id.txt"; mkdir -p tests; echo "needs $id.txt" > "tests/$id.test"
        echo '{"type":"result","subtype":"success","is_error":false,"result":"I implemented '$id'","session_id":"s","num_turns":1,"total_cost_usd":0.01}'
        """;

    private static LoopProject Project(params string[] features)
    {
        var project = new LoopProject(features);
        var entries = new List<string>();
        foreach (var name in new[] { "first", "second" })
        {
            var script = Path.Combine(project.AgentFolder, name, "claude.sh");
            Directory.CreateDirectory(Path.GetDirectoryName(script)!);
            File.WriteAllText(script, FakeClaude + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            entries.Add($$""" "{{name}}": { "type": "claude", "command": "{{script}}" } """);
        }

        Sessions.Configure(project, "\"agent\": \"script\",", """
            "agent": ["first", "second"],
            "usageLimits": { "jitterSeconds": 0 },
            """);
        Sessions.Configure(project, "\"agents\": {", $"\"agents\": {{ {string.Join(", ", entries)}, ");
        return project;
    }

    private static void On(LoopProject project, string agent, string file, string text) =>
        File.WriteAllText(Path.Combine(project.AgentFolder, agent, file), text + "\n");

    private static int Invocations(LoopProject project, string agent) =>
        File.Exists(Path.Combine(project.AgentFolder, agent, "count")) ? int.Parse(File.ReadAllText(Path.Combine(project.AgentFolder, agent, "count")).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static string EvidenceAgent(LoopProject project, int session)
    {
        using var evidence = JsonDocument.Parse(project.Read($".pace/sessions/{session:D4}/evidence.json"));
        return evidence.RootElement.GetProperty("agent").GetString()!;
    }

    private static List<JsonElement> Journal(LoopProject project, string step) =>
        Sessions.Journal(project).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("step").GetString() == step).ToList();

    [Fact]
    public async Task While_the_first_agent_is_paused_the_sessions_go_to_the_next_one_and_back_after_the_reset()
    {
        using var project = Project("A-1", "B-2");
        On(project, "first", "limit.1", "2");
        // The fallback's session lasts past the first agent's reset: the next session is the first's again.
        On(project, "second", "hold.1", Path.Combine(project.AgentFolder, "first", "resets-at"));
        var notices = Path.Combine(project.AgentFolder, "notices.jsonl");
        Notifications.LoopNotificationTests.Notify(project, $$""" "command": "cat >> {{notices}}; echo >> {{notices}}", "events": ["paused"] """);

        var run = await project.RunAsync("run", "--until-complete", "--max-failures", "1", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("first paused until");
        run.Stderr.ShouldContain("(five_hour limit): not counted as a failure; the next sessions go to second");
        (Invocations(project, "first"), Invocations(project, "second")).ShouldBe((2, 1));
        EvidenceAgent(project, 2).ShouldBe("second");
        EvidenceAgent(project, 3).ShouldBe("first");
        var progress = project.Read("progress.txt");
        progress.ShouldContain("### Session 2 - A-1\n**Date:**");
        progress.ShouldContain("**Agent:** second");
        progress.ShouldContain("**Agent:** first");
        Journal(project, "paused").ShouldBeEmpty();
        Journal(project, "fallback-agent").Single().GetProperty("detail").GetString().ShouldBe("second, while first is paused");
        Journal(project, "agent-window-reset").Single().GetProperty("session").GetInt32().ShouldBe(3);
        Outcome.State(project).GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        project.Git("show", "refs/pace/interrupted/A-1/1:partial.txt").Trim().ShouldBe("partial");
        // A person hears of the closed window even though the run did not wait.
        using var notice = JsonDocument.Parse(File.ReadLines(notices).Single(l => l.Length > 0));
        notice.RootElement.GetProperty("kind").GetString().ShouldBe("paused");
        notice.RootElement.GetProperty("message").GetString()!.ShouldEndWith("(first, five_hour limit): the sessions go to second meanwhile; the run goes on");
    }

    [Fact]
    public async Task The_run_pauses_only_when_every_agent_is_paused_and_resumes_at_the_earliest_reset()
    {
        using var project = Project("A-1");
        On(project, "first", "limit.1", "30");
        On(project, "second", "limit.1", "2");

        var run = await project.RunAsync("run", "--until-complete", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        var paused = Journal(project, "paused").Single();
        paused.GetProperty("detail").GetString().ShouldEndWith("(second, five_hour limit)");
        var until = DateTimeOffset.Parse(paused.GetProperty("detail").GetString()!["until ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Journal(project, "resumed").Single().GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(until);
        (until - DateTimeOffset.UtcNow).ShouldBeLessThan(TimeSpan.FromSeconds(20));
        (Invocations(project, "first"), Invocations(project, "second")).ShouldBe((1, 2));
        EvidenceAgent(project, 3).ShouldBe("second");
        Outcome.State(project).GetProperty("agentPauses").EnumerateArray().Single().GetProperty("agent").GetString().ShouldBe("first");
    }

    [Fact]
    public async Task A_run_killed_just_after_the_first_agent_was_paused_gives_the_next_sessions_to_the_fallback_when_started_again()
    {
        using var project = Project("A-1", "B-2");
        On(project, "first", "limit.1", "600");

        var killed = await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "agent-paused" }, "run", "--until-complete");
        killed.ExitCode.ShouldBe(137, killed.ToString());

        var again = await project.RunAsync("run", "--until-complete");

        again.ExitCode.ShouldBe(0, again.ToString());
        (Invocations(project, "first"), Invocations(project, "second")).ShouldBe((1, 2));
        EvidenceAgent(project, 2).ShouldBe("second");
        EvidenceAgent(project, 3).ShouldBe("second");
        Journal(project, "paused").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_agent_list_naming_an_unknown_agent_is_refused_with_its_position_and_nothing_changes()
    {
        using var project = Project("A-1");
        Sessions.Configure(project, "\"agent\": [\"first\", \"second\"]", "\"agent\": [\"first\", \"secnd\"]");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("pace.json:");
        run.Stderr.ShouldContain("\"pace.agent[1]\": no agent named \"secnd\"");
        Invocations(project, "first").ShouldBe(0);
        project.Exists(".pace/run/state.json").ShouldBeFalse();
    }
}
