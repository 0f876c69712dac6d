namespace Pace.Cli.Tests.Loop;

/// <summary>`pace run --worktree`: the run works on branch pace/run in .pace/run-tree; the person's checkout is theirs.</summary>
public sealed class WorktreeRunTests
{
    private static readonly string[] Features = ["feat(core): B-2 - Feature B-2", "feat(core): A-1 - Feature A-1", "Initial project"];

    [Fact]
    public async Task A_run_with_worktree_leaves_my_uncommitted_work_alone_and_my_branch_takes_its_work_once_my_tree_is_clean()
    {
        using var project = Project();
        project.Write("tests/base.test", "pass\nmy edit\n");
        project.Write("scratch.txt", "mine\n");

        var run = await project.RunAsync("run", "--worktree", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("Working on branch pace/run in .pace/run-tree; your checkout is left alone.");
        run.Stdout.ShouldContain("The run's work is on branch pace/run: your working tree has uncommitted changes, which Pace does not touch; commit or stash them, then take it with 'git merge pace/run'.");
        project.Subjects().ShouldBe(["Initial project"]);
        project.Read("tests/base.test").ShouldBe("pass\nmy edit\n");
        project.Read("scratch.txt").ShouldBe("mine\n");
        project.Exists("A-1.txt").ShouldBeFalse();
        project.Git("log", "--format=%s", "pace/run").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(Features);
        project.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
        Directory.Exists(Path.Combine(project.Folder, ".pace/run-tree")).ShouldBeFalse();

        // Plain `pace run` in the checkout would do the run's work again: refused, nothing changed.
        var plain = await project.RunAsync("run", "--until-complete");
        plain.ExitCode.ShouldBe(2, plain.ToString());
        plain.Stderr.ShouldContain("branch pace/run holds a run's work that your branch does not have");
        project.Subjects().ShouldBe(["Initial project"]);

        project.Git("checkout", "--", "tests/base.test");
        var again = await project.RunAsync("run", "--worktree", "--until-complete");

        again.ExitCode.ShouldBe(0, again.ToString());
        // The earlier run's work is taken first (my tree is clean now); the new run has nothing left to do.
        again.Stdout.ShouldStartWith("Moved main forward by the run's 2 commit(s).\nWorking on branch pace/run in .pace/run-tree");
        again.Stdout.ShouldContain("Sessions run: 0");
        project.Subjects().ShouldBe(Features);
        project.Read("A-1.txt").ShouldBe("done\n");
        project.Read("scratch.txt").ShouldBe("mine\n");
        project.Git("branch", "--list", "pace/run").ShouldBeEmpty();
        File.ReadAllText(Path.Combine(project.AgentFolder, "count-A-1")).Trim().ShouldBe("1");
    }

    [Fact]
    public async Task A_clean_checkout_is_moved_forward_to_the_runs_commits_unless_I_ask_it_not_to_be()
    {
        using var moved = Project();
        using var kept = Project();

        var run = await moved.RunAsync("run", "--worktree", "--until-complete");
        var stay = await kept.RunAsync("run", "--worktree", "--no-fast-forward", "--until-complete");
        var alone = await kept.RunAsync("run", "--no-fast-forward");
        var goOn = await kept.RunAsync("run", "--worktree", "--no-fast-forward", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("Moved main forward by the run's 2 commit(s).");
        moved.Subjects().ShouldBe(Features);
        moved.Git("status", "--porcelain").ShouldBeEmpty();
        moved.Read("progress.txt").ShouldContain("A-1");
        moved.Git("branch", "--list", "pace/run").ShouldBeEmpty();

        stay.ExitCode.ShouldBe(0, stay.ToString());
        stay.Stdout.ShouldContain("The run's work is on branch pace/run (--no-fast-forward); take it with 'git merge pace/run'.");
        kept.Subjects().ShouldBe(["Initial project"]);
        kept.Git("log", "--format=%s", "pace/run").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(Features);
        alone.ExitCode.ShouldBe(2, alone.ToString());
        alone.Stderr.ShouldContain("--no-fast-forward applies to a run with --worktree only");
        goOn.ExitCode.ShouldBe(0, goOn.ToString());
        goOn.Stdout.ShouldContain("Going on from branch pace/run: it holds an earlier run's work that main does not have yet.");
        goOn.Stdout.ShouldContain("Sessions run: 0");
        kept.Subjects().ShouldBe(["Initial project"]);
    }

    [Theory]
    [InlineData("agent-finished:1")]
    [InlineData("committed:2")]
    [InlineData("run-finished")]
    public async Task A_worktree_run_killed_at_a_step_is_finished_by_a_plain_pace_run_as_if_never_interrupted(string step)
    {
        using var project = Project();
        project.Write("scratch.txt", "mine\n");

        var crashed = await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = step }, "run", "--worktree", "--until-complete");
        var doctor = await project.RunAsync("doctor");
        var status = await project.RunAsync("status");
        // Killed before it ended, the run goes on where it worked without --worktree; killed after, the next run is a new one,
        // which needs --worktree to leave my untracked file alone (the earlier run's work is taken first).
        var resumed = await project.RunAsync(step == "run-finished" ? ["run", "--worktree", "--until-complete"] : ["run", "--until-complete"]);

        crashed.ExitCode.ShouldBe(137, crashed.ToString());
        if (step != "run-finished")
        {
            doctor.Stdout.ShouldContain("the run works on branch pace/run in .pace/run-tree");
            status.Stdout.ShouldContain($"Run: a run works on branch pace/run in .pace/run-tree: {(step == "committed:2" ? 2 : 0)}/2 passing there; this checkout shows your branch");
        }

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stdout.ShouldContain("Moved main forward by the run's 2 commit(s).");
        project.Subjects().ShouldBe(Features);
        project.Git("status", "--porcelain").ShouldBe("?? scratch.txt\n");
        project.Git("branch", "--list", "pace/run").ShouldBeEmpty();
        Directory.Exists(Path.Combine(project.Folder, ".pace/run-tree")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(project.AgentFolder, "count-B-2")).Trim().ShouldBe("1");
    }

    [Fact]
    public async Task A_worktree_run_refuses_a_feature_list_with_uncommitted_changes_and_changes_nothing()
    {
        using var project = Project();
        project.Write("feature_list.json", project.Read("feature_list.json").Replace("Feature B-2", "Feature B-2, reworded", StringComparison.Ordinal));

        var run = await project.RunAsync("run", "--worktree");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("feature_list.json has changes that are not committed; a run with --worktree works from your last commit, so commit them first (nothing was changed)");
        project.Git("branch", "--list", "pace/run").ShouldBeEmpty();
        project.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task A_run_branch_that_went_one_way_while_my_branch_went_another_is_not_guessed_at()
    {
        using var project = Project();
        (await project.RunAsync("run", "--worktree", "--no-fast-forward", "--max-sessions", "1")).ExitCode.ShouldBe(0);
        project.Write("notes.md", "my own commit\n");
        project.Git("add", "notes.md");
        project.Git("commit", "-q", "-m", "My own commit");

        var run = await project.RunAsync("run", "--worktree");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("branch pace/run holds an earlier run's work that main does not have, and main has commits that it does not");
        project.Git("log", "--format=%s", "pace/run").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
    }

    [Fact]
    public async Task A_run_branch_and_worktree_left_by_a_start_killed_before_it_was_saved_are_removed_by_the_next_run()
    {
        using var project = Project();
        project.Git("branch", "pace/run");
        project.Git("worktree", "add", "-q", ".pace/run-tree", "pace/run");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Subjects().ShouldBe(Features);
        project.Git("branch", "--list", "pace/run").ShouldBeEmpty();
        Directory.Exists(Path.Combine(project.Folder, ".pace/run-tree")).ShouldBeFalse();
    }

    private static LoopProject Project()
    {
        var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Implements("B-2");
        return project;
    }
}
