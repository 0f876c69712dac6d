using System.Text.Json;
using static Pace.Cli.Tests.Specs.SpecRunStates;

namespace Pace.Cli.Tests.Specs;

/// <summary>What a user saw when a spec run met a locked worktree, a broken pull request file or a failing task (issue 13).</summary>
public sealed class SpecFaultTests
{
    private const string FailsUntilFixed = "echo c > c.txt; mkdir -p tests; if [ -f \"$dir/fixed\" ]; then echo 'needs c.txt' > tests/c.test; else echo fail > tests/c.test; fi";

    [Fact]
    public async Task A_locked_task_worktree_no_longer_makes_every_spec_retry_fail_with_exit_70()
    {
        using var repo = new SpecRepo();
        repo.Behave("task-c", FailsUntilFixed);
        (await repo.RunAsync("spec", "run", "demo", "--yes")).ExitCode.ShouldBe(1);
        var tree = Path.Combine(repo.Folder, ".pace", "worktrees", "demo", "wave-2-c");
        repo.Git("worktree", "lock", tree);
        File.WriteAllText(Path.Combine(repo.AgentFolder, "fixed"), "");

        var retried = await repo.RunAsync("spec", "retry", "demo", "--yes");

        retried.ExitCode.ShouldBe(0, retried.ToString());
        repo.State().GetProperty("phase").GetString().ShouldBe("COMPLETED");
        repo.Git("worktree", "list", "--porcelain").ShouldNotContain("locked");
        repo.Branches().ShouldBe(["main"]);
    }

    [Fact]
    public async Task The_doctor_reports_a_locked_worktree_of_the_spec_and_the_fix_unlocks_it()
    {
        using var repo = await WaitingAsync(wave: 1);
        var tree = Path.Combine(repo.Folder, ".pace", "worktrees", "demo", "wave-1");
        repo.Git("worktree", "lock", "--reason", "on a stick", tree);

        var look = await repo.RunAsync("doctor");
        var fix = await repo.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain($"[PROBLEM] spec demo/worktrees: {tree} (feature/demo-wave-1) is locked (on a stick)");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        fix.Stdout.ShouldContain($"fixed: unlocked the worktree {tree}");
        repo.Git("worktree", "list", "--porcelain").ShouldNotContain("locked");
        File.Exists(Path.Combine(tree, "a.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_truncated_pull_request_file_is_refused_with_exit_2_before_the_state_or_journal_changes()
    {
        using var repo = await WaitingAsync(wave: 1);
        var pull = Path.Combine(repo.Folder, ".pace", "forge", "pulls", "1.json");
        var text = File.ReadAllText(pull);
        File.WriteAllText(pull, text[..(text.Length / 2)]);
        var state = File.ReadAllText(repo.StatePath);
        var journal = File.ReadAllText(repo.JournalPath);

        var run = await repo.RunAsync("spec", "run", "demo", "--manual");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain($"{pull}:");
        File.ReadAllText(repo.StatePath).ShouldBe(state);
        File.ReadAllText(repo.JournalPath).ShouldBe(journal);
        run.ToString().ShouldNotContain("ObjectDisposed");
    }

    [Fact]
    public async Task A_failed_task_whose_agent_claimed_success_says_so_in_the_FAILED_message_and_its_evidence()
    {
        using var repo = new SpecRepo();
        repo.Behave("task-c", FailsUntilFixed);

        var failed = await repo.RunAsync("spec", "run", "demo", "--yes");

        failed.ExitCode.ShouldBe(1, failed.ToString());
        failed.Stdout.ShouldContain("[FAILED] Wave 2 of 3 failed: wave 2: 1 of 1 tasks failed (c); last error: task c failed although the agent claimed success: check 'tests' failed");
        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.Folder, ".pace", "specs", "demo", "wave-2", "c", "evidence.json")));
        var verdict = evidence.RootElement.GetProperty("verdict");
        verdict.GetProperty("claimedSuccessFalsely").GetBoolean().ShouldBeTrue();
        verdict.GetProperty("notes").EnumerateArray().Select(n => n.GetString()).ShouldContain("the agent claimed success falsely");
    }

    [Fact]
    public async Task Every_attempt_of_a_task_that_failed_before_it_passed_shows_in_the_pull_request_and_in_pace_evidence()
    {
        using var repo = new SpecRepo();
        repo.Behave("task-c", FailsUntilFixed);
        (await repo.RunAsync("spec", "run", "demo", "--yes")).ExitCode.ShouldBe(1);
        File.WriteAllText(Path.Combine(repo.AgentFolder, "fixed"), "");
        (await repo.RunAsync("spec", "retry", "demo", "--yes")).ExitCode.ShouldBe(0);

        var evidence = await repo.RunAsync("evidence", "--spec", "demo");

        evidence.ExitCode.ShouldBe(0, evidence.ToString());
        evidence.Stdout.ShouldContain("wave 2 task c: 3 attempt(s)");
        evidence.Stdout.ShouldContain("attempt 1: failed although the agent claimed success: check 'tests' failed with exit code 1 (kept on refs/pace/spec-attempts/demo/c/1)");
        evidence.Stdout.ShouldContain("attempt 2: failed although the agent claimed success: check 'tests' failed with exit code 1 (kept on refs/pace/spec-attempts/demo/c/2)");
        evidence.Stdout.ShouldContain("attempt 3: passed");
        var body = Pull(repo, 2)["body"]!.GetValue<string>();
        body.ShouldContain("earlier attempt 1: failed although the agent claimed success: check 'tests' failed");
        body.ShouldContain("earlier attempt 2: failed although the agent claimed success");
        var json = await repo.RunAsync("evidence", "--spec", "demo", "--json");
        using var all = JsonDocument.Parse(json.Stdout);
        all.RootElement.EnumerateArray().Count(e => e.GetProperty("itemId").GetString() == "c").ShouldBe(3);
    }

    [Fact]
    public async Task A_verified_result_a_retry_dropped_is_kept_on_refs_pace_dropped_not_called_an_interrupted_session()
    {
        using var repo = new SpecRepo();
        // c starts early once a has passed; b waits for c's early pass, then fails until fixed: wave 1 fails, c's result is on its branch.
        repo.Behave("task-b", $"{repo.WaitForStep("early-task-passed:1:c")}; echo b > b.txt; mkdir -p tests; if [ -f \"$dir/fixed\" ]; then echo 'needs b.txt' > tests/b.test; else echo fail > tests/b.test; fi");
        (await repo.RunAsync("spec", "run", "demo", "--yes")).ExitCode.ShouldBe(1);
        var early = repo.Git("rev-parse", "feature/demo-wave-2-task-c");
        File.WriteAllText(Path.Combine(repo.AgentFolder, "fixed"), "");
        // With early start on, the retry may start c early again from the same fork, where its commit counts as
        // its result (nothing dropped); off, c runs in its wave, on another base, and the result is dropped.
        repo.Write("pace.json", repo.Read("pace.json").Replace("\"maxParallel\": 2,", "\"maxParallel\": 2, \"earlyStart\": false,", StringComparison.Ordinal));
        repo.Git("commit", "-qam", "no early start");

        var retried = await repo.RunAsync("spec", "retry", "demo", "--yes");

        retried.ExitCode.ShouldBe(0, retried.ToString());
        repo.State().GetProperty("flags").GetProperty("early_start").GetBoolean().ShouldBeFalse();
        repo.Git("rev-parse", "refs/pace/dropped/demo/c/1").ShouldBe(early);
        repo.Git("for-each-ref", "refs/pace/interrupted/").ShouldBeEmpty();
        retried.Stdout.ShouldContain($"task c has a verified result ({early[..7]}) the run no longer records; it runs again (the result is kept on refs/pace/dropped/demo/c/1)");
    }
}
