using System.Text.Json;

namespace Pace.Cli.Tests.Loop;

/// <summary>A feature no session can finish is set aside (in Pace's run state only) and the run goes on with the others.</summary>
public sealed class StuckFeatureTests
{
    [Fact]
    public async Task An_impossible_feature_between_workable_ones_is_set_aside_after_three_failures_and_the_others_are_completed()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        project.Implements("A-1");
        project.Implements("C-3");
        // Three different failures: a failing test, no change at all, a deleted test.
        project.Behave("B-2", "echo fail > tests/B-2.test", attempt: 1);
        project.Behave("B-2", "true", attempt: 2);
        project.Behave("B-2", "echo x > B-2.txt; rm tests/base.test", attempt: 3);
        project.Behave("B-2", "echo fail > tests/B-2.test");

        var run = await project.RunAsync("run", "--until-complete", "--json");

        run.ExitCode.ShouldBe(1, run.ToString());
        using var summary = JsonDocument.Parse(run.Stdout);
        var root = summary.RootElement;
        root.GetProperty("stopReason").GetString().ShouldBe("Stuck");
        root.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("featureId").GetString()).ShouldBe(["A-1", "B-2", "B-2", "B-2", "C-3"]);
        var stuck = root.GetProperty("stuck");
        stuck.GetArrayLength().ShouldBe(1);
        stuck[0].GetProperty("featureId").GetString().ShouldBe("B-2");
        stuck[0].GetProperty("attempts").GetInt32().ShouldBe(3);
        stuck[0].GetProperty("lastReasons").EnumerateArray().Select(r => r.GetString()).ShouldContain(r => r!.Contains("fewer tests than the baseline"));
        run.Stderr.ShouldContain("B-2 is stuck after 3 failed sessions");
        project.Subjects().ShouldBe(["feat(core): C-3 - Feature C-3", "feat(core): A-1 - Feature A-1", "Initial project"]);
        project.Read("feature_list.json").ShouldNotContain("stuck", Case.Insensitive);
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_feature_that_fails_twice_the_same_way_is_set_aside_at_once_and_the_human_summary_lists_it()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        project.Implements("A-1");
        project.Implements("C-3");
        project.Behave("B-2", "echo fail > tests/B-2.test");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("Sessions run: 4");
        run.Stdout.ShouldContain("Stopped: every feature left is stuck");
        run.Stdout.ShouldContain("Stuck: B-2 after 2 failed sessions: check 'tests' failed with exit code 1");
        run.Stdout.ShouldContain("'pace run --retry-stuck'");
        project.Subjects().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_stuck_feature_stays_set_aside_in_the_next_run_until_retry_stuck_tries_it_again()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Behave("B-2", "echo fail > tests/B-2.test");
        (await project.RunAsync("run", "--until-complete")).ExitCode.ShouldBe(1);

        var again = await project.RunAsync("run", "--until-complete");

        again.ExitCode.ShouldBe(1, again.ToString());
        again.Stdout.ShouldContain("Sessions run: 0");
        again.Stdout.ShouldContain("Stuck: B-2 after 2 failed sessions");

        project.Implements("B-2");
        var retried = await project.RunAsync("run", "--until-complete", "--retry-stuck");

        retried.ExitCode.ShouldBe(0, retried.ToString());
        retried.Stdout.ShouldContain("Sessions run: 1");
        retried.Stdout.ShouldContain("Stopped: every feature passes");
        project.Subjects()[0].ShouldBe("feat(core): B-2 - Feature B-2");
    }

    [Fact]
    public async Task Failures_in_a_row_across_features_still_stop_the_run_as_a_broken_environment()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        project.Behave("A-1", "echo fail > tests/A-1.test");
        project.Behave("B-2", "echo fail > tests/B-2.test");
        project.Implements("C-3");

        var run = await project.RunAsync("run", "--until-complete", "--max-failures", "3");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("Sessions run: 3");
        run.Stdout.ShouldContain("Stopped: too many failed sessions in a row");
        project.Subjects().Count.ShouldBe(1);
    }
}
