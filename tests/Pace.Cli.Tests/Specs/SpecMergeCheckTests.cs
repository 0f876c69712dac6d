namespace Pace.Cli.Tests.Specs;

/// <summary>
/// Two tasks of one wave that pass alone and break together, in a real `pace spec run`: the project
/// has a check that fails only where a.txt and b.txt are both present and b.txt does not say
/// "together". Each task's own tree passes it; the wave branch after a's merge plus b's does not.
/// </summary>
public sealed class SpecMergeCheckTests
{
    private const string Together = "test ! -f a.txt || test ! -f b.txt || grep -q together b.txt";

    private static SpecRepo Repo()
    {
        var repo = new SpecRepo(reviewer: "person");
        repo.Write("specs/demo.json", """
            { "name": "demo", "tasks": [ { "id": "a", "title": "Task a" }, { "id": "b", "title": "Task b" } ] }
            """);
        repo.Write("pace.json", repo.Read("pace.json").Replace(
            "\"checks\": [ { \"name\": \"tests\", \"run\": \"sh check.sh\", \"timeoutSeconds\": 60 } ]",
            $"\"checks\": [ {{ \"name\": \"tests\", \"run\": \"sh check.sh\", \"timeoutSeconds\": 60 }}, {{ \"name\": \"together\", \"run\": \"{Together}\" }} ]",
            StringComparison.Ordinal));
        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "two tasks and a check of them together");
        repo.Behave("task-a", "echo a > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test");
        return repo;
    }

    /// <summary>Every commit the wave branch has been at (its first parents): the check passes on each.</summary>
    private static void WaveBranchNeverRed(SpecRepo repo)
    {
        foreach (var commit in repo.Git("rev-list", "--first-parent", "feature/demo-wave-1").Split('\n'))
        {
            var files = repo.Git("ls-tree", "--name-only", commit).Split('\n');
            var b = files.Contains("b.txt") ? repo.Git("show", $"{commit}:b.txt") : "";
            (files.Contains("a.txt") && files.Contains("b.txt") && !b.Contains("together", StringComparison.Ordinal)).ShouldBeFalse(commit);
        }
    }

    [Fact]
    public async Task A_task_whose_merged_tree_fails_the_checks_is_kept_and_runs_again_on_the_wave_branch_where_it_passes()
    {
        using var repo = Repo();
        // b writes "together" only when it finds a's work in its tree: on its second run.
        repo.Behave("task-b", "if [ -f a.txt ]; then echo 'b together' > b.txt; else echo b > b.txt; fi; mkdir -p tests; echo 'needs b.txt' > tests/b.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--manual");

        run.ExitCode.ShouldBe(3, run.ToString());
        run.Stdout.ShouldContain("wave 1: the wave branch refused task b's result: with the wave's other tasks merged, check 'together' failed with exit code 1; it is kept on refs/pace/spec-kept/demo/b/1");
        repo.State().GetProperty("phase").GetString().ShouldBe("AWAITING_REVIEW");
        repo.Sessions().Split('\n').Count(l => l == "task b").ShouldBe(2, repo.Sessions());
        // Neither result is lost: the first on its ref, the second on the wave branch, which was never red.
        repo.Git("show", "refs/pace/spec-kept/demo/b/1:b.txt").ShouldBe("b");
        repo.Git("show", "feature/demo-wave-1:b.txt").ShouldBe("b together");
        repo.Git("show", "feature/demo-wave-1:a.txt").ShouldBe("a");
        WaveBranchNeverRed(repo);
        var second = repo.State().GetProperty("execution_status");
        second.GetProperty("refused_merges")[0].GetProperty("task_id").GetString().ShouldBe("b");
        second.GetProperty("refused_merges")[0].GetProperty("kept_ref").GetString().ShouldBe("refs/pace/spec-kept/demo/b/1");
        // The checks on the merged tree left their output with b's refused attempt.
        File.Exists(Path.Combine(repo.Folder, ".pace", "specs", "demo", "wave-1", "b.attempts", "1", "integrated", "together.log")).ShouldBeTrue(
            string.Join("\n", Directory.GetFiles(Path.Combine(repo.Folder, ".pace", "specs", "demo", "wave-1"), "*", SearchOption.AllDirectories)));
    }

    [Fact]
    public async Task A_task_whose_second_run_on_the_wave_branch_still_breaks_with_the_others_fails_with_the_reason_and_both_results_are_kept()
    {
        using var repo = Repo();
        repo.Behave("task-b", "echo b > b.txt; mkdir -p tests; echo 'needs b.txt' > tests/b.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--manual");

        // The second run starts from the wave branch with a's work, where b's own verification sees the break.
        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("wave 1: 1 of 2 tasks failed (b); last error: task b failed although the agent claimed success: check 'together' failed with exit code 1");
        repo.State().GetProperty("phase").GetString().ShouldBe("FAILED");
        repo.Sessions().Split('\n').Count(l => l == "task b").ShouldBe(2, repo.Sessions());
        repo.Git("show", "refs/pace/spec-kept/demo/b/1:b.txt").ShouldBe("b");
        repo.Git("show", "refs/pace/spec-attempts/demo/b/1:a.txt").ShouldBe("a");
        repo.Git("show", "refs/pace/spec-attempts/demo/b/1:b.txt").ShouldBe("b");
        repo.Git("ls-tree", "--name-only", "feature/demo-wave-1").Split('\n').ShouldNotContain("b.txt");
        WaveBranchNeverRed(repo);
    }
}
