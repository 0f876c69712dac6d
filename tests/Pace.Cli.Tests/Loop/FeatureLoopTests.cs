using System.Text.Json;

namespace Pace.Cli.Tests.Loop;

public sealed class FeatureLoopTests
{
    [Fact]
    public async Task I_can_run_the_loop_until_every_feature_passes_with_one_commit_each()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Implements("B-2");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Subjects().ShouldBe(["feat(core): B-2 - Feature B-2", "feat(core): A-1 - Feature A-1", "Initial project"]);
        using var list = JsonDocument.Parse(project.Read("feature_list.json"));
        list.RootElement.GetProperty("features").EnumerateArray().ShouldAllBe(f => f.GetProperty("passes").GetBoolean());
        list.RootElement.GetProperty("features")[1].GetProperty("owner").GetString().ShouldBe("team-1");
        list.RootElement.GetProperty("metadata").GetProperty("passing").GetInt32().ShouldBe(2);
        var progress = project.Read("progress.txt");
        progress.ShouldContain("### Session 1 - A-1");
        progress.ShouldContain("### Session 2 - B-2");
        progress.ShouldContain("**Status:** Features passing: 2/2");
        project.Git("status", "--porcelain").ShouldBeEmpty();
        project.Git("show", "--stat", "--format=", "HEAD").ShouldContain("B-2.txt");
        run.Stdout.ShouldContain("PACE ORCHESTRATION SUMMARY");
        run.Stdout.ShouldContain("Progress: 2/2 (100.0%)");
    }

    [Fact]
    public async Task A_false_claim_of_success_is_not_marked_passing_and_the_attempt_is_kept()
    {
        using var project = new LoopProject("A-1");
        project.Behave("A-1", "echo half > A-1.txt; echo fail > tests/A-1.test", attempt: 1);
        project.Implements("A-1");

        var run = await project.RunAsync("run", "--until-complete", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        using var summary = JsonDocument.Parse(run.Stdout);
        var sessions = summary.RootElement.GetProperty("sessions");
        sessions.GetArrayLength().ShouldBe(2);
        sessions[0].GetProperty("passed").GetBoolean().ShouldBeFalse();
        sessions[0].GetProperty("agentClaimedSuccess").GetBoolean().ShouldBeTrue();
        sessions[1].GetProperty("passed").GetBoolean().ShouldBeTrue();
        project.Subjects().Count.ShouldBe(2);
        var attempt = project.Git("show", "refs/pace/attempts/A-1/1:tests/A-1.test");
        attempt.Trim().ShouldBe("fail");
        project.Read("tests/A-1.test").Trim().ShouldBe("needs A-1.txt");
    }

    [Fact]
    public async Task An_agent_that_marks_its_own_feature_passing_is_undone_and_recorded()
    {
        using var project = new LoopProject("A-1");
        project.Behave("A-1", "sed -i 's/\"passes\": false/\"passes\": true/' feature_list.json; echo fail > tests/A-1.test");
        var before = project.Read("feature_list.json");

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Read("feature_list.json").ShouldBe(before);
        project.Subjects().Count.ShouldBe(1);
        var evidence = await project.RunAsync("evidence", "1", "--json");
        using var json = JsonDocument.Parse(evidence.Stdout);
        json.RootElement.GetProperty("tamper").GetProperty("ownedPathsTouched").EnumerateArray().Select(e => e.GetString()).ShouldContain("feature_list.json");
        json.RootElement.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task An_agent_that_deletes_a_failing_test_is_caught_by_the_test_count()
    {
        using var project = new LoopProject("A-1");
        project.Behave("A-1", "rm tests/base.test; echo x > A-1.txt");

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.Stdout.ShouldContain("FAILED", Case.Sensitive, run.ToString());
        project.Exists("tests/base.test").ShouldBeTrue();
        project.Subjects().Count.ShouldBe(1);
        (await project.RunAsync("evidence", "1")).Stdout.ShouldContain("base.test");
    }

    [Fact]
    public async Task The_run_stops_after_three_failures_in_a_row_with_exit_code_1()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Behave("A-1", "echo fail > tests/A-1.test");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("Sessions run: 3");
        run.Stdout.ShouldContain("too many failed sessions in a row");
        project.Subjects().Count.ShouldBe(1);
        // A-1 failed twice the same way (set aside as stuck), then B-2's session changed nothing: no attempt to keep.
        project.Git("for-each-ref", "--format=%(refname)", "refs/pace/attempts/").Trim().Split('\n').Length.ShouldBe(2);
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dry_run_changes_nothing()
    {
        using var project = new LoopProject("A-1", "B-2");
        var head = project.Git("rev-parse", "HEAD");

        var run = await project.RunAsync("run", "--dry-run");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("A-1");
        run.Stdout.ShouldContain("sh check.sh");
        project.Git("rev-parse", "HEAD").ShouldBe(head);
        project.Exists(".pace/run/state.json").ShouldBeFalse();
        Directory.Exists(Path.Combine(project.Folder, ".pace")).ShouldBeFalse();
        project.Git("status", "--porcelain", "--ignored").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_dirty_tree_is_refused_and_left_alone()
    {
        using var project = new LoopProject("A-1");
        project.Write("notes.md", "my own unsaved work\n");

        var run = await project.RunAsync("run");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("uncommitted changes (notes.md)");
        project.Read("notes.md").ShouldBe("my own unsaved work\n");
    }

    [Fact]
    public async Task An_agent_that_cannot_be_started_fails_the_session_with_the_reason()
    {
        using var project = new LoopProject("A-1");
        var config = project.Read("pace.json").Replace(Path.Combine(project.AgentFolder, "agent.sh"), "/nonexistent/agent");
        project.Write("pace.json", config);
        project.Git("commit", "-qam", "Point at a missing agent");

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.Stdout.ShouldContain("could not be started", Case.Sensitive, run.ToString());
        project.Subjects().Count.ShouldBe(2);
    }
}
