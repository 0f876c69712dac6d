using System.Text.Json;

namespace Pace.Cli.Tests.Specs;

/// <summary>
/// A spec task whose agent hits a usage window pauses that task's slot, not the run: the wave's other
/// task goes on, and the paused one runs again after the reset. The agent is a script printing Claude
/// Code's stream-json (a five-hour limit on task a's first session), configured as a claude agent.
/// </summary>
public sealed class SpecUsageLimitTests
{
    /// <summary>
    /// Claude Code's stream-json for the task named in the prompt: invocation N of task T prints a
    /// five-hour limit resetting in limit-T.N seconds after leaving partial work; otherwise it builds
    /// the task. A session that names no task (a review fix) writes fixed.txt. Tasks write shared.txt
    /// too when the file share is in the agent's folder.
    /// </summary>
    internal const string FakeClaude = """
        #!/bin/sh
        dir=$(dirname "$0")
        task=$(printf '%s\n' "$@" | sed -n 's/^Task: //p' | head -n 1)
        key=$task
        n=$(( $(cat "$dir/count-$key" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$dir/count-$key"
        echo '{"type":"system","subtype":"init","session_id":"s","model":"fake"}'
        if [ -f "$dir/limit-$key.$n" ]; then
          echo partial > partial.txt
          at=$(( $(date +%s) + $(cat "$dir/limit-$key.$n") ))
          echo '{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":'$at',"rateLimitType":"five_hour"},"session_id":"s"}'
          echo '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You have hit your session limit","session_id":"s"}'
          exit 1
        fi
        if [ -z "$task" ]; then echo fixed > fixed.txt
        else echo "$task" > "$task.txt"; if [ -f "$dir/share" ]; then echo "$task" > shared.txt; fi; mkdir -p tests; echo "needs $task.txt" > "tests/$task.test"; fi
        echo '{"type":"result","subtype":"success","is_error":false,"result":"Done with '$task'","session_id":"s","num_turns":1,"total_cost_usd":0.01}'
        """;

    private static SpecRepo Repo(int resetSeconds)
    {
        var repo = new SpecRepo(reviewer: "person");
        UseFakeClaude(repo, resetSeconds);
        return repo;
    }

    /// <summary>Two tasks in one wave, built by the fake Claude; task a's first session meets a window of <paramref name="resetSeconds"/>.</summary>
    internal static void UseFakeClaude(SpecRepo repo, int resetSeconds)
    {
        var script = Path.Combine(repo.AgentFolder, "fake-claude.sh");
        File.WriteAllText(script, FakeClaude + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        File.WriteAllText(Path.Combine(repo.AgentFolder, "limit-a.1"), $"{resetSeconds}\n");
        repo.Write("specs/demo.json", """
            { "name": "demo", "tasks": [ { "id": "a", "title": "Task a" }, { "id": "b", "title": "Task b" } ] }
            """);
        var config = repo.Read("pace.json")
            .Replace("\"agent\": \"script\",", "\"agent\": \"fake-claude\", \"usageLimits\": { \"jitterSeconds\": 0 },", StringComparison.Ordinal)
            .Replace("\"agents\": {", $"\"agents\": {{ \"fake-claude\": {{ \"type\": \"claude\", \"command\": \"{script}\" }},", StringComparison.Ordinal);
        repo.Write("pace.json", config);
        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "Two tasks in one wave, a fake Claude");
    }

    private static List<(string Step, DateTimeOffset At, string? Detail)> Journal(SpecRepo repo) =>
        [.. File.ReadAllLines(repo.JournalPath).Select(l => JsonDocument.Parse(l).RootElement).Select(e => (
            e.GetProperty("step").GetString()!,
            e.GetProperty("at").GetDateTimeOffset(),
            e.TryGetProperty("detail", out var d) ? d.GetString() : null))];

    private static int Sessions(SpecRepo repo, string task) =>
        int.Parse(File.ReadAllText(Path.Combine(repo.AgentFolder, $"count-{task}")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_task_hit_by_a_usage_window_pauses_its_own_slot_while_the_other_task_of_the_wave_goes_on()
    {
        // A window long enough that b's whole session fits in it even on a loaded machine.
        using var repo = Repo(resetSeconds: 15);

        var run = await repo.RunAsync("spec", "run", "demo", "--manual");

        run.ExitCode.ShouldBe(3, run.ToString());
        run.Stdout.ShouldContain("task a paused until");
        var journal = Journal(repo);
        var paused = journal.Single(e => e.Step == "task-paused:1:a");
        paused.Detail.ShouldEndWith("(fake-claude, five_hour limit)");
        var until = DateTimeOffset.Parse(paused.Detail!["until ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var resumed = journal.Single(e => e.Step == "task-resumed:1:a");
        resumed.At.ShouldBeGreaterThanOrEqualTo(until);
        // Task b did not wait for a's window.
        journal.FindIndex(e => e.Step == "task-passed:1:b").ShouldBeLessThan(journal.FindIndex(e => e.Step == "task-resumed:1:a"));
        journal.ShouldContain(e => e.Step == "task-passed:1:a");
        journal.ShouldNotContain(e => e.Step.StartsWith("task-failed", StringComparison.Ordinal));
        (Sessions(repo, "a"), Sessions(repo, "b")).ShouldBe((2, 1));
        repo.Git("show", "refs/pace/interrupted/demo/a/1:partial.txt").ShouldBe("partial");
        repo.State().GetProperty("phase").GetString().ShouldBe("AWAITING_REVIEW");
    }

    [Fact]
    public async Task A_spec_run_killed_while_a_task_is_paused_waits_only_the_rest_of_the_pause_when_started_again()
    {
        using var repo = Repo(resetSeconds: 4);

        var killed = await repo.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "task-paused" }, "spec", "run", "demo", "--manual");
        killed.ExitCode.ShouldBe(137, killed.ToString());
        var paused = Journal(repo).Single(e => e.Step == "task-paused:1:a");
        var until = DateTimeOffset.Parse(paused.Detail!["until ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        var again = await repo.RunAsync("spec", "run", "demo", "--manual");

        again.ExitCode.ShouldBe(3, again.ToString());
        var journal = Journal(repo);
        journal.Single(e => e.Step == "task-resumed:1:a").At.ShouldBeGreaterThanOrEqualTo(until);
        journal.ShouldContain(e => e.Step == "task-passed:1:a");
        Sessions(repo, "a").ShouldBe(2);
        repo.State().GetProperty("phase").GetString().ShouldBe("AWAITING_REVIEW");
    }

    [Fact]
    public async Task A_review_fix_hit_by_a_usage_window_waits_it_out_and_the_fixes_are_then_verified_with_no_failure()
    {
        using var repo = Repo(resetSeconds: 1);
        File.Delete(Path.Combine(repo.AgentFolder, "limit-a.1"));
        // The fix session names no task: its first invocation meets a window of 3 seconds.
        File.WriteAllText(Path.Combine(repo.AgentFolder, "limit-.1"), "3\n");
        (await repo.RunAsync("spec", "run", "demo", "--manual")).ExitCode.ShouldBe(3);
        (await repo.RunAsync("review", "demo", "request-changes", "-m", "add fixed.txt")).ExitCode.ShouldBe(0);

        var fixing = await repo.RunAsync("spec", "run", "demo", "--manual");

        fixing.ExitCode.ShouldBe(3, fixing.ToString());
        fixing.Stdout.ShouldContain("wave 1: the fixes for review 1 paused until");
        fixing.Stdout.ShouldContain("not counted as a failure; its partial work is kept on refs/pace/interrupted/demo/review-1-1/1");
        fixing.Stdout.ShouldContain("wave 1: the fixes for review 1: resuming after the five_hour limit of fake-claude");
        Sessions(repo, "").ShouldBe(2);
        repo.Git("show", "refs/pace/interrupted/demo/review-1-1/1:partial.txt").ShouldBe("partial");
        repo.Git("show", "feature/demo-wave-1:fixed.txt").ShouldBe("fixed");
        repo.State().GetProperty("phase").GetString().ShouldBe("AWAITING_REVIEW");
        repo.State().GetProperty("review_status").GetProperty("review_cycles").GetInt32().ShouldBe(1);
        Journal(repo).ShouldContain(e => e.Step == "review-fixes-verified:1");
        Journal(repo).ShouldNotContain(e => e.Step.StartsWith("review-fixes-failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_task_run_again_after_its_merge_was_refused_and_hit_by_a_usage_window_waits_it_out_on_the_same_base_and_joins()
    {
        using var repo = Repo(resetSeconds: 1);
        File.Delete(Path.Combine(repo.AgentFolder, "limit-a.1"));
        // Both tasks write shared.txt: merging b after a conflicts, and b's run on the wave branch meets a window of 3 seconds.
        File.WriteAllText(Path.Combine(repo.AgentFolder, "share"), "");
        File.WriteAllText(Path.Combine(repo.AgentFolder, "limit-b.2"), "3\n");

        var run = await repo.RunAsync("spec", "run", "demo", "--manual");

        run.ExitCode.ShouldBe(3, run.ToString());
        run.Stdout.ShouldContain("wave 1: the wave branch refused task b's result: it conflicts with the wave's other tasks in shared.txt; it is kept on refs/pace/spec-kept/demo/b/1");
        run.Stdout.ShouldContain("wave 1: task b paused until");
        Sessions(repo, "b").ShouldBe(3);
        repo.Git("show", "refs/pace/spec-kept/demo/b/1:shared.txt").ShouldBe("b");
        repo.Git("show", "refs/pace/interrupted/demo/b/1:partial.txt").ShouldBe("partial");
        // After the wait, b ran again from the same base, the wave branch with a's work: its result joined as it was.
        var waveTip = repo.Git("rev-parse", "feature/demo-wave-1");
        repo.Git("show", "feature/demo-wave-1:shared.txt").ShouldBe("b");
        repo.Git("show", "feature/demo-wave-1:a.txt").ShouldBe("a");
        repo.Git("rev-parse", waveTip + "^2^").ShouldBe(repo.Git("rev-parse", waveTip + "^1"));
        repo.State().GetProperty("phase").GetString().ShouldBe("AWAITING_REVIEW");
        var steps = Journal(repo).Select(e => e.Step).ToList();
        steps.ShouldContain("task-merge-refused:1:b");
        steps.ShouldContain("task-paused:1:b");
        steps.ShouldNotContain(s => s.StartsWith("task-failed", StringComparison.Ordinal));
    }
}
