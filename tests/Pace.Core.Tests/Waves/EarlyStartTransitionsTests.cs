using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class EarlyStartTransitionsTests
{
    private static SpecState Wave1Running() => New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]), new TaskPassed(Min(2), 1, "a"));

    [Fact]
    public void A_task_of_the_next_wave_that_starts_early_is_recorded_with_its_base_and_then_its_result()
    {
        var started = Wave1Running().Feed(new EarlyTaskStarted(Min(3), 2, "c", "f00d"));

        started.Effects.ShouldBeEmpty();
        started.Next.Phase.ShouldBe(SpecPhase.Execute);
        var record = started.Next.EarlyTasks.ShouldHaveSingleItem();
        (record.Wave, record.TaskId, record.BaseCommit, record.Passed, record.StartedAt).ShouldBe((2, "c", "f00d", (bool?)null, (DateTimeOffset?)Min(3)));

        var passed = started.Next.Then(new TaskPassed(Min(4), 1, "b"), new EarlyTaskPassed(Min(5), 2, "c", "beef"));

        passed.EarlyTasks.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            t => t.Passed.ShouldBe(true),
            t => t.Commit.ShouldBe("beef"));
        passed.ExecutionStatus.PassedTasks.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void An_early_start_is_refused_when_the_setting_is_off_for_the_current_wave_and_beyond_the_last()
    {
        var off = New(flags: new SpecFlags { EarlyStart = false }).Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]));

        SpecMachine.Decide(off, new EarlyTaskStarted(Min(2), 2, "c", "f")).Ignored!.ShouldContain("early start is off");
        SpecMachine.Decide(Wave1Running(), new EarlyTaskStarted(Min(2), 1, "b", "f")).Ignored!.ShouldContain("cannot start early during wave 1");
        SpecMachine.Decide(Wave1Running(), new EarlyTaskStarted(Min(2), 4, "z", "f")).Ignored!.ShouldContain("cannot start early during wave 1");
        var final = New(waves: 1).Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]));
        SpecMachine.Decide(final, new EarlyTaskStarted(Min(2), 2, "c", "f")).Ignored.ShouldNotBeNull();
        SpecMachine.Decide(Wave1Running(), new EarlyTaskPassed(Min(2), 2, "c", "beef")).Ignored!.ShouldContain("no early start recorded");
    }

    [Fact]
    public void A_task_two_waves_ahead_may_start_early_too()
    {
        var started = Wave1Running().Then(new EarlyTaskStarted(Min(3), 2, "c", "f00d"), new EarlyTaskPassed(Min(4), 2, "c", "beef"), new EarlyTaskStarted(Min(5), 3, "d", "beef"));

        started.EarlyTasks.Select(t => (t.Wave, t.TaskId, t.BaseCommit)).ShouldBe([(2, "c", "f00d"), (3, "d", "beef")]);
        started.Then(new EarlyTaskPassed(Min(6), 3, "d", "cafe")).EarlyTasks[1].Commit.ShouldBe("cafe");
    }

    [Fact]
    public void Early_results_stay_until_their_own_wave_is_merged()
    {
        var merged = New().WithOpenPullRequest()
            .Then(new EarlyTaskStarted(Min(6), 2, "c", "f00d"), new EarlyTaskPassed(Min(7), 2, "c", "beef"), new EarlyTaskStarted(Min(7), 2, "e", "f00d"))
            .Then(new EarlyTaskStarted(Min(7), 3, "d", "beef"), new EarlyTaskPassed(Min(8), 3, "d", "cafe"))
            .Then(new ReviewReceived(Min(8), ReviewVerdict.Approved, []), new PullRequestMerged(Min(9)));

        var wave2 = merged.Then(new BranchCleaned(Min(10)));

        wave2.CurrentWave.ShouldBe(2);
        wave2.EarlyTasks.Select(t => (t.TaskId, t.Passed)).ShouldBe([("c", (bool?)true), ("e", (bool?)null), ("d", (bool?)true)]);
        // A result that arrives after its wave began is still recorded.
        var late = wave2.Then(new EarlyTaskFailed(Min(11), 2, "e", "check failed"));
        late.EarlyTasks[1].Reason.ShouldBe("check failed");

        var wave3 = late.WithOpenPullRequest().Then(new ReviewReceived(Min(20), ReviewVerdict.Approved, []), new PullRequestMerged(Min(21)), new BranchCleaned(Min(22)));
        wave3.CurrentWave.ShouldBe(3);
        wave3.EarlyTasks.ShouldHaveSingleItem().TaskId.ShouldBe("d");
        SpecMachine.Decide(wave3, new EarlyTaskStarted(Min(23), 3, "f", "beef")).Ignored.ShouldNotBeNull();
    }

    [Fact]
    public void A_retry_drops_every_early_result_so_that_the_tasks_run_again()
    {
        var failed = Wave1Running().Then(new EarlyTaskStarted(Min(3), 2, "c", "f00d"), new EarlyTaskPassed(Min(4), 2, "c", "beef"), new TaskFailed(Min(5), 1, "b", "x"));
        failed.Phase.ShouldBe(SpecPhase.Failed);
        SpecMachine.Decide(failed, new EarlyTaskStarted(Min(6), 2, "d", "f00d")).Ignored.ShouldNotBeNull();

        var retried = failed.Then(new RetryRequested(Min(7)));

        retried.EarlyTasks.ShouldBeEmpty();
    }

    [Fact]
    public void Early_tasks_survive_the_state_file_and_an_old_file_without_them_reads_as_none()
    {
        var state = Wave1Running().Then(new EarlyTaskStarted(Min(3), 2, "c", "f00d"), new EarlyTaskFailed(Min(4), 2, "c", "broken"));

        var read = SpecStateJson.Read("state.json", SpecStateJson.Write(state));

        read.EarlyTasks.ShouldHaveSingleItem().ShouldBe(state.EarlyTasks[0]);
        System.Text.Encoding.UTF8.GetString(SpecStateJson.Write(state)).ShouldContain("\"early_tasks\"");
        read.Flags.EarlyStart.ShouldBeTrue();
        SpecStateJson.Read("old.json", """{"spec_name": "ui", "total_waves": 2, "phase": "EXECUTE"}"""u8.ToArray()).EarlyTasks.ShouldBeEmpty();
    }
}
