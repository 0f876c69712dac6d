namespace Pace.Cli.Tests.Specs;

/// <summary>
/// Early start on <see cref="SpecRepo"/>: c (wave 2) depends only on a, so it may start once a is
/// merged into the wave 1 branch, while b (run again after its merge conflicts) and the review of wave 1 go on; d (wave 3)
/// may start once c is merged into the wave 2 branch.
/// </summary>
public sealed class EarlyStartTests
{
    [Fact]
    public async Task A_task_whose_dependencies_are_merged_starts_before_its_wave_and_its_result_is_used_in_its_wave()
    {
        using var repo = new SpecRepo();

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        var steps = Steps(repo);
        // Started during wave 1 (the step names the wave the run was at), its result recorded, used once.
        steps.ShouldContain("early-task-started:1:c");
        steps.ShouldContain("early-task-passed:1:c");
        steps.IndexOf("early-task-started:1:c").ShouldBeLessThan(steps.IndexOf("pull-request-merged:1"));
        // d starts early too: once b's second run (on the wave branch with a, after its merge conflicted) passed, or during wave 2.
        steps.ShouldContain(step => step == "early-task-started:1:d" || step == "early-task-started:2:d");
        run.Stdout.ShouldContain("task c's early result passed verification again on the wave's base");
        repo.Sessions().Split('\n').Count(l => l == "task c").ShouldBe(1);
        repo.Git("rev-parse", "refs/pace/early/demo/c").ShouldNotBeEmpty();
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
        repo.Read("c.txt").ShouldBe("c\n");
        repo.Branches().ShouldBe(["main"]);
        repo.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_early_result_that_the_review_of_the_previous_wave_broke_fails_its_reverification_and_the_task_runs_again()
    {
        using var repo = new SpecRepo();
        // The review of wave 1 adds fixed.txt (fix.sh); c must then write "adapted", which its early run, before the fix, could not know.
        repo.Write("specs/demo.json", """
            {
              "name": "demo",
              "tasks": [
                { "id": "a", "title": "Task a" },
                { "id": "b", "title": "Task b" },
                { "id": "c", "title": "Task c", "depends_on": ["a"], "checks": ["test ! -f fixed.txt || grep -q adapted c.txt"] },
                { "id": "d", "title": "Task d", "depends_on": ["c", "b"], "checks": ["test -f d.txt"] }
              ]
            }
            """);
        repo.Git("commit", "-qam", "c's check");
        repo.Behave("task-c", "if [ -f fixed.txt ]; then echo adapted > c.txt; else echo plain > c.txt; fi; mkdir -p tests; echo 'needs c.txt' > tests/c.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        var steps = Steps(repo);
        steps.ShouldContain("early-task-passed:1:c");
        run.Stdout.ShouldContain("task c's early result failed verification on the wave's base: check 'test ! -f fixed.txt || grep -q adapted c.txt' failed");
        repo.Sessions().Split('\n').Count(l => l == "task c").ShouldBe(2);
        repo.Git("show", "refs/pace/early/demo/c:c.txt").ShouldBe("plain");
        repo.Git("show", "refs/pace/spec-attempts/demo/c/1:c.txt").ShouldBe("plain");
        repo.Read("c.txt").ShouldBe("adapted\n");
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
    }

    [Fact]
    public async Task A_task_starts_two_waves_early_from_its_dependencies_results_merged_into_one_commit()
    {
        using var repo = new SpecRepo();
        // b leaves shared.txt alone (no conflict) and ends only after c's early result is recorded,
        // so that d (wave 3, after c and b) is ready while the run is still at wave 1.
        repo.Behave("task-b", $"{repo.WaitForStep("early-task-passed:1:c")}; echo b > b.txt; mkdir -p tests; echo 'needs b.txt' > tests/b.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        var steps = Steps(repo);
        steps.IndexOf("early-task-started:1:d").ShouldBeGreaterThan(steps.IndexOf("early-task-passed:1:c"));
        steps.IndexOf("early-task-started:1:d").ShouldBeLessThan(steps.IndexOf("pull-request-merged:1"));
        // d started from a merge of c's early commit and b's commit, made without a worktree.
        var fork = Journal(repo).Single(e => e.Step == "early-task-started:1:d").Detail!.Split(' ')[^1];
        var parents = repo.Git("rev-list", "--parents", "-n", "1", fork).Split(' ')[1..];
        parents.Length.ShouldBe(2);
        parents.ShouldContain(repo.Git("rev-parse", "refs/pace/early/demo/c"));
        repo.Git("log", "-1", "--format=%B", parents.Single(p => p != repo.Git("rev-parse", "refs/pace/early/demo/c"))).ShouldContain("Pace-Task: demo/1/b");
        repo.Sessions().Split('\n').Count(l => l == "task d").ShouldBe(1);
        run.Stdout.ShouldContain("task d's early result passed verification again on the wave's base");
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
        repo.Read("d.txt").ShouldBe("d\n");
        repo.Branches().ShouldBe(["main"]);
    }

    [Fact]
    public async Task A_task_started_early_from_a_dependencys_early_result_is_not_judged_by_a_later_waves_test_count()
    {
        using var repo = new SpecRepo();
        // Wave 1: a, b, e, f; c (after a) runs early and ends only once wave 2 has started; d (after c) then
        // starts early from c's early result, a tree with fewer tests than wave 2's base (it lacks b, e and f's).
        repo.Write("specs/demo.json", """
            {
              "name": "demo",
              "tasks": [
                { "id": "a", "title": "Task a" }, { "id": "b", "title": "Task b" }, { "id": "e", "title": "Task e" }, { "id": "f", "title": "Task f" },
                { "id": "c", "title": "Task c", "depends_on": ["a"] },
                { "id": "d", "title": "Task d", "depends_on": ["c"] }
              ]
            }
            """);
        repo.Write("pace.json", repo.Read("pace.json").Replace("\"maxParallel\": 2", "\"maxParallel\": 6", StringComparison.Ordinal));
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "Six tasks");
        repo.Behave("task-a", "echo a > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test");
        repo.Behave("task-b", "echo b > b.txt; mkdir -p tests; echo 'needs b.txt' > tests/b.test");
        repo.Behave("task-c", $"{repo.WaitForStep("wave-started:2")}; echo c > c.txt; mkdir -p tests; echo 'needs c.txt' > tests/c.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("task d starts early from");
        run.Stdout.ShouldNotContain("task d failed when it ran early");
        repo.Sessions().Split('\n').Count(l => l == "task d").ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("task d's early result passed verification again on the wave's base");
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
    }

    [Fact]
    public async Task A_task_whose_dependencies_results_conflict_waits_until_they_are_in_one_branch()
    {
        using var repo = new SpecRepo();
        // b and c both write other.txt, a does not: b joins wave 1 beside a, but c's early commit and b's commit conflict.
        repo.Behave("task-b", $"{repo.WaitForStep("early-task-passed:1:c")}; echo b > other.txt; echo b > b.txt; mkdir -p tests; echo 'needs b.txt' > tests/b.test");
        repo.Behave("task-c", "echo c > other.txt; echo c > c.txt; mkdir -p tests; echo 'needs c.txt' > tests/c.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("the results of task d's dependencies do not merge cleanly; it waits for its wave");
        var steps = Steps(repo);
        steps.ShouldNotContain("early-task-started:1:d");
        steps.IndexOf("early-task-started:2:d").ShouldBeGreaterThan(steps.IndexOf("pull-request-merged:1"));
        repo.Sessions().Split('\n').Count(l => l == "task d").ShouldBe(1);
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
    }

    [Fact]
    public async Task A_task_that_fails_when_it_runs_early_runs_again_in_its_wave_and_passes_there()
    {
        using var repo = new SpecRepo();
        // c needs fixed.txt, which only the review of wave 1 adds (fix.sh): its early run, during wave 1, fails.
        repo.Write("specs/demo.json", repo.Read("specs/demo.json").Replace(
            "\"depends_on\": [\"a\"] }", "\"depends_on\": [\"a\"], \"checks\": [\"test -f fixed.txt\"] }", StringComparison.Ordinal));
        repo.Git("commit", "-qam", "c needs the fix");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        var steps = Steps(repo);
        steps.ShouldContain("early-task-failed:1:c");
        steps.ShouldContain("task-passed:2:c");
        run.Stdout.ShouldContain("task c failed when it ran early (check 'test -f fixed.txt' failed");
        repo.Sessions().Split('\n').Count(l => l == "task c").ShouldBe(2);
        repo.Git("show", "refs/pace/spec-attempts/demo/c/1:c.txt").ShouldBe("c");
        // What the early run left (its fork) is not taken for an interrupted session.
        repo.Git("for-each-ref", "refs/pace/interrupted/").ShouldBeEmpty();
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
    }

    [Fact]
    public async Task With_early_start_off_in_pace_json_every_task_waits_for_its_wave()
    {
        using var repo = new SpecRepo();
        repo.Write("pace.json", repo.Read("pace.json").Replace("\"maxParallel\": 2,", "\"maxParallel\": 2, \"earlyStart\": false,", StringComparison.Ordinal));
        repo.Git("commit", "-qam", "no early start");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        Steps(repo).ShouldNotContain(s => s.StartsWith("early-task", StringComparison.Ordinal));
        repo.State().GetProperty("flags").GetProperty("early_start").GetBoolean().ShouldBeFalse();
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
    }

    private static List<(string Step, string? Detail)> Journal(SpecRepo repo) =>
        [.. File.ReadAllLines(repo.JournalPath)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("step").GetString()!, e.TryGetProperty("detail", out var d) ? d.GetString() : null))];

    private static List<string> Steps(SpecRepo repo) => [.. Journal(repo).Select(e => e.Step)];
}
