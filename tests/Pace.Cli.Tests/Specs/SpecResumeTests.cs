namespace Pace.Cli.Tests.Specs;

/// <summary>Kill pace at a step of every phase; the next run ends with the same branches, merges and state as a run never interrupted.</summary>
public sealed class SpecResumeTests
{
    public static TheoryData<string> Steps() =>
    [
        "wave-started:1",              // EXECUTE, tasks about to run
        "agent-finished:a",            // a task's session ended, not verified yet
        "task-committed:b",            // verified and committed, not reported
        "task-passed:1:a",             // one task reported, the other still running
        "early-task-started:1",        // c (wave 2) recorded as started early, its branch not made
        "agent-finished:c",            // c's early session ended, not verified
        "early-task-passed:1",         // c's early result recorded
        "early-replayed:c",            // c's early result replayed onto wave 2's base and committed, not reported
        "agent-finished:conflict-b",   // the conflict resolution's session ended
        "task-branches-merged:1",      // merged, the pull request not opened
        "pull-request-opened:1",       // AWAITING_REVIEW
        "review-posted",               // the reviewer's verdict is on the forge, not read
        "review-received:1",           // REVIEW_PROCESSING
        "agent-finished:review-1-1",   // the fixes' session ended, not verified
        "review-fixes-verified:1",     // back to AWAITING_REVIEW
        "perform-merge-pull-request:1",// READY_TO_MERGE
        "forge-merged",                // squash-merged, not recorded
        "pull-request-merged:1",       // recorded, not cleaned up
        "branch-cleaned:1",            // the next wave not started
        "merge-confirmed:3",           // the final merge confirmed, not done
        "pull-request-merged:3",       // the final merge done, not cleaned up
    ];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task I_can_resume_a_spec_run_killed_at_any_step_and_it_ends_as_if_never_interrupted(string step)
    {
        using var reference = new SpecRepo();
        (await reference.RunAsync("spec", "run", "demo", "--yes")).ExitCode.ShouldBe(0);

        using var repo = new SpecRepo();
        var crashed = await repo.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = step }, "spec", "run", "demo", "--yes");
        crashed.ExitCode.ShouldBe(137, crashed.ToString());
        var resumed = await repo.RunAsync("spec", "run", "demo", "--yes");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        repo.StateSummary().ShouldBe(reference.StateSummary());
        repo.Git("log", "--format=%s", "main").ShouldBe(reference.Git("log", "--format=%s", "main"));
        Files(repo).ShouldBe(Files(reference));
        repo.Branches().ShouldBe(reference.Branches());
        repo.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
        repo.Git("status", "--porcelain").ShouldBeEmpty();
        // Pull request records only: a kill in the middle of an atomic write (an early task's checkpoint
        // fires on its own thread) may leave a temporary file beside them, which nothing reads.
        Directory.GetFiles(Path.Combine(repo.Folder, ".pace", "forge", "pulls"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(["1.json", "2.json", "3.json"]);
    }

    /// <summary>Every file on main with its blob; pace.json differs between repositories (it names each one's agent scripts).</summary>
    private static string[] Files(SpecRepo repo) =>
        [.. repo.Git("ls-tree", "-r", "main").Split('\n').Where(l => !l.EndsWith("\tpace.json", StringComparison.Ordinal))];
}
