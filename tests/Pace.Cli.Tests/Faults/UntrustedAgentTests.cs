namespace Pace.Cli.Tests.Faults;

/// <summary>Agents that lie, cheat or reach into what Pace owns: Pace judges by its own checks and undoes the reach.</summary>
public sealed class UntrustedAgentTests
{
    [Fact]
    public async Task An_agent_that_claims_success_without_doing_anything_fails_its_session()
    {
        using var project = CrashPointTests.Scenario();
        project.Behave("A-1", "true");

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        var (passed, reasons) = Sessions.Verdict(project, 1);
        passed.ShouldBeFalse();
        reasons.ShouldContain("changed nothing");
        project.Subjects().ShouldBe(["Initial project"]);
    }

    [Fact]
    public async Task An_agent_that_edits_pace_json_to_weaken_the_checks_is_undone_and_judged_by_the_original_checks()
    {
        using var project = CrashPointTests.Scenario();
        var config = project.Read("pace.json");
        project.Behave("A-1", "sed -i 's/sh check.sh/true/' pace.json; echo x > A-1.txt; echo fail > tests/A-1.test");

        await project.RunAsync("run", "--max-sessions", "1");

        Sessions.Verdict(project, 1).Passed.ShouldBeFalse();
        project.Read("pace.json").ShouldBe(config);
        project.Git("show", "refs/pace/attempts/A-1/1:pace.json").Trim().ShouldBe(config.Trim());
        Sessions.Journal(project).ShouldContain("owned-files-restored");
    }

    [Fact]
    public async Task An_agent_that_rewrites_the_run_state_and_the_journal_is_caught_and_both_are_restored()
    {
        using var project = CrashPointTests.Scenario();
        project.Behave("A-1", """
            echo '{"runId":"forged","finished":true}' > .pace/run/state.json
            echo '{"step":"forged"}' >> .pace/run/journal.jsonl
            rm -f .pace/lock
            echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test
            """, attempt: 1);
        project.Implements("A-1");

        var run = await project.RunAsync("run", "--max-sessions", "2");

        run.ExitCode.ShouldBe(0, run.ToString());
        var (passed, reasons) = Sessions.Verdict(project, 1);
        passed.ShouldBeFalse();
        reasons.ShouldContain(".pace/run/state.json");
        reasons.ShouldContain(".pace/run/journal.jsonl");
        reasons.ShouldContain(".pace/lock");
        Sessions.Journal(project).ShouldNotContain("forged");
        Sessions.Journal(project).ShouldContain("pace-files-restored");
        Outcome.State(project).GetProperty("sessionsRun").GetInt32().ShouldBe(2);
        Sessions.Verdict(project, 2).Passed.ShouldBeTrue();
    }

    [Fact]
    public async Task An_agent_that_moves_a_test_aside_to_skip_it_fails_its_session()
    {
        using var project = CrashPointTests.Scenario();
        project.Behave("A-1", "mv tests/base.test tests/base.skip; echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test");

        await project.RunAsync("run", "--max-sessions", "1");

        var (passed, reasons) = Sessions.Verdict(project, 1);
        passed.ShouldBeFalse();
        reasons.ShouldContain("protected tests deleted: tests/base.test");
        project.Read("tests/base.test").ShouldBe("pass\n");
    }

    [Fact]
    public async Task Work_the_agent_committed_itself_becomes_the_one_commit_Pace_makes()
    {
        using var project = CrashPointTests.Scenario();
        project.Behave("A-1", "echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test; git add -A; git commit -qm 'agent commit'");

        await project.RunAsync("run", "--max-sessions", "1");

        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
        project.Git("show", "--format=", "--name-only", "HEAD").ShouldContain("A-1.txt");
    }

    [Fact]
    public async Task An_agent_that_resets_the_branch_to_an_older_commit_cannot_undo_earlier_work()
    {
        using var project = CrashPointTests.Scenario();
        project.Behave("B-2", "git reset -q --hard HEAD~1; echo done > B-2.txt; echo 'needs B-2.txt' > tests/B-2.test");

        await project.RunAsync("run", "--max-sessions", "2");

        var (passed, reasons) = Sessions.Verdict(project, 2);
        passed.ShouldBeFalse();
        reasons.ShouldContain("tests/A-1.test");
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
        project.Read("A-1.txt").ShouldBe("done\n");
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("git checkout -q -b side")]
    [InlineData("git checkout -q --detach")]
    public async Task An_agent_that_switches_branches_is_brought_back_and_its_work_is_judged_on_the_original_branch(string switching)
    {
        using var project = CrashPointTests.Scenario();
        project.Behave("A-1", switching + "; echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test; git add -A; git commit -qm 'elsewhere'");

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Git("symbolic-ref", "--short", "HEAD").Trim().ShouldBe("main");
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
        Sessions.Verdict(project, 1).Passed.ShouldBeTrue();
        Sessions.Journal(project).ShouldContain("branch-restored");
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task Untracked_files_the_agent_leaves_are_committed_with_a_pass_and_kept_on_the_ref_of_a_failure()
    {
        using var project = CrashPointTests.Scenario();
        project.Implements("A-1");
        project.Behave("B-2", "echo notes > notes.tmp; mkdir -p build; echo o > build/out.o; echo fail > tests/B-2.test");

        await project.RunAsync("run", "--max-sessions", "2");

        project.Git("show", "--format=", "--name-only", "HEAD").ShouldContain("A-1.txt");
        project.Git("show", "refs/pace/attempts/B-2/2:build/out.o").ShouldBe("o\n");
        project.Exists("notes.tmp").ShouldBeFalse();
        project.Git("status", "--porcelain", "--untracked-files=all").ShouldBeEmpty();
    }
}
