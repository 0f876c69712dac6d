using System.Text.Json;
using Pace.Cli.Tests.Faults;

namespace Pace.Cli.Tests.Loop;

/// <summary>
/// A usage window or a 429/529 pauses the run instead of failing the session. The agent is a script
/// that prints Claude Code's stream-json as the real CLI does (docs/agents.md), configured as a
/// claude agent, so Pace's own Claude parser reads it. The waits are a few seconds of real time.
/// </summary>
public sealed class UsageLimitTests
{
    /// <summary>
    /// Invocation N prints the limit named in limit.N (or the first invocation for feature ID the one in
    /// limit.ID: several agents at once share the count) ("reset SECONDS" or "overloaded") after leaving
    /// partial work; otherwise it implements the feature, or, for a feature named in a file fail.ID,
    /// writes a test that fails the same way every time.
    /// </summary>
    private const string FakeClaude = """
        #!/bin/sh
        dir=$(dirname "$0")
        n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$dir/count"
        id=$(printf '%s\n' "$@" | sed -n 's/^Feature \([^ ]*\) (.*/\1/p' | head -n 1)
        echo '{"type":"system","subtype":"init","session_id":"s'$n'","model":"fake"}'
        # limit.N: the Nth invocation; limit.ID: the first invocation for feature ID (agents running at once).
        limit="$dir/limit.$n"
        if [ -f "$dir/limit.$id" ] && [ ! -f "$dir/limited.$id" ]; then limit="$dir/limit.$id"; touch "$dir/limited.$id"; fi
        if [ -f "$limit" ]; then
          echo partial > partial.txt
          set -- $(cat "$limit")
          if [ "$1" = reset ]; then
            at=$(( $(date +%s) + $2 ))
            echo '{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":'$at',"rateLimitType":"five_hour","isUsingOverage":false},"session_id":"s"}'
            echo '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You have hit your session limit","session_id":"s"}'
          else
            echo '{"type":"result","subtype":"success","is_error":true,"api_error_status":529,"result":"API Error: Overloaded","session_id":"s"}'
          fi
          exit 1
        fi
        if [ -f "$dir/fail.$id" ]; then
          mkdir -p tests; echo fail > "tests/$id.test"
          echo '{"type":"result","subtype":"success","is_error":false,"result":"I implemented '$id'","session_id":"s","num_turns":1,"total_cost_usd":0.01}'
          exit 0
        fi
        echo done > "$id.txt"; mkdir -p tests; echo "needs $id.txt" > "tests/$id.test"
        echo '{"type":"rate_limit_event","rate_limit_info":{"status":"allowed_warning","resetsAt":1796472264,"rateLimitType":"seven_day"},"session_id":"s"}'
        echo '{"type":"result","subtype":"success","is_error":false,"result":"I implemented '$id'","session_id":"s","num_turns":1,"total_cost_usd":0.01}'
        """;

    internal static LoopProject Project(string usageLimits, params string[] features)
    {
        var project = new LoopProject(features.Length == 0 ? ["A-1", "B-2"] : features);
        var script = Path.Combine(project.AgentFolder, "fake-claude.sh");
        File.WriteAllText(script, FakeClaude + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Sessions.Configure(project, "\"agent\": \"script\",", $$"""
            "agent": "fake-claude",
            "usageLimits": {{usageLimits}},
            """);
        Sessions.Configure(project, "\"agents\": {", $$"""
            "agents": { "fake-claude": { "type": "claude", "command": "{{script}}" },
            """);
        return project;
    }

    internal static void LimitOn(LoopProject project, int invocation, string limit) =>
        File.WriteAllText(Path.Combine(project.AgentFolder, $"limit.{invocation}"), limit + "\n");

    private static IEnumerable<JsonElement> Journal(LoopProject project) =>
        Sessions.Journal(project).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement);

    [Fact]
    public async Task A_session_stopped_by_a_usage_window_pauses_the_run_until_the_reset_and_counts_no_failure()
    {
        using var project = Project("""{ "jitterSeconds": 0 }""");
        LimitOn(project, 1, "reset 2");

        var run = await project.RunAsync("run", "--until-complete", "--max-failures", "1", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("(fake-claude, five_hour limit): not counted as a failure");
        run.Stderr.ShouldContain("Resumed after the five_hour limit of fake-claude");
        using var summary = JsonDocument.Parse(run.Stdout);
        summary.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("passed").GetBoolean()).ShouldBe([true, true]);
        Outcome.State(project).GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        project.Git("show", "refs/pace/interrupted/A-1/1:partial.txt").Trim().ShouldBe("partial");
        project.Exists("partial.txt").ShouldBeFalse();
        var journal = Journal(project).ToList();
        var paused = journal.Single(e => e.GetProperty("step").GetString() == "paused");
        var resumed = journal.Single(e => e.GetProperty("step").GetString() == "resumed");
        var until = DateTimeOffset.Parse(paused.GetProperty("detail").GetString()!["until ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        resumed.GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(until);
        journal.Count(e => e.GetProperty("step").GetString() == "usage-warning").ShouldBe(2);
    }

    [Fact]
    public async Task A_run_killed_while_paused_shows_the_pause_in_status_and_waits_only_the_rest_when_started_again()
    {
        using var project = Project("""{ "jitterSeconds": 0 }""");
        LimitOn(project, 1, "reset 3");

        var killed = await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "paused" }, "run", "--until-complete");
        killed.ExitCode.ShouldBe(137, killed.ToString());
        var until = Outcome.State(project).GetProperty("pause").GetProperty("until").GetDateTimeOffset();

        var status = await project.RunAsync("status");
        status.Stdout.ShouldContain($"Run: paused until {until.ToLocalTime():HH:mm} (fake-claude, five_hour limit)");

        var again = await project.RunAsync("run", "--until-complete");

        again.ExitCode.ShouldBe(0, again.ToString());
        File.ReadAllText(Path.Combine(project.AgentFolder, "count")).Trim().ShouldBe("3");
        var resumed = Journal(project).Single(e => e.GetProperty("step").GetString() == "resumed");
        resumed.GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(until);
        Outcome.State(project).GetProperty("sessionsRun").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task An_overloaded_agent_with_no_reset_time_is_waited_out_with_a_backoff()
    {
        using var project = Project("""{ "jitterSeconds": 0, "backoffSeconds": 1 }""");
        LimitOn(project, 1, "overloaded");
        LimitOn(project, 2, "overloaded");

        var run = await project.RunAsync("run", "--until-complete", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        var pauses = Journal(project).Where(e => e.GetProperty("step").GetString() == "paused").ToList();
        pauses.Count.ShouldBe(2);
        pauses.ShouldAllBe(p => p.GetProperty("detail").GetString()!.EndsWith("(fake-claude, overloaded (529))", StringComparison.Ordinal));
        run.Stdout.ShouldContain("Progress: 2/2");
    }

    [Fact]
    public async Task A_usage_window_longer_than_max_pause_hours_ends_the_run_with_exit_code_75()
    {
        using var project = Project("""{ "maxPauseHours": 0.5 }""");
        LimitOn(project, 1, "reset 7200");

        var run = await project.RunAsync("run", "--until-complete", "--json");

        run.ExitCode.ShouldBe(75, run.ToString());
        using var summary = JsonDocument.Parse(run.Stdout);
        summary.RootElement.GetProperty("stopReason").GetString().ShouldBe("PauseLimit");
        summary.RootElement.GetProperty("sessionsRun").GetInt32().ShouldBe(0);
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }
}
