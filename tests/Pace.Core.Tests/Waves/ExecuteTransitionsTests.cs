using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class ExecuteTransitionsTests
{
    [Fact]
    public void A_new_run_starts_wave_one_on_its_branches()
    {
        var state = New();
        state.Phase.ShouldBe(SpecPhase.Init);

        var decision = state.Feed(new RunRequested(Min(1)));

        decision.Next.Phase.ShouldBe(SpecPhase.Execute);
        decision.Next.UpdatedAt.ShouldBe(Min(1));
        decision.Single<RunWaveTasks>().ShouldBe(new RunWaveTasks(1, "feature/ui-wave-1", "feature/ui", "main", Fresh: false));
    }

    [Fact]
    public void The_wave_waits_for_every_task_and_counts_a_repeated_report_once()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]));
        state.ExecutionStatus.WaveStartedAt.ShouldBe(Min(1));

        var first = state.Feed(new TaskPassed(Min(2), 1, "a"));
        first.Effects.ShouldBeEmpty();
        first.Next.ExecutionStatus.TasksCompleted.ShouldBe(1);

        SpecMachine.Decide(first.Next, new TaskPassed(Min(3), 1, "a")).Ignored.ShouldBe("task a is already counted");

        var last = first.Next.Feed(new TaskPassed(Min(4), 1, "b"));
        last.Next.Phase.ShouldBe(SpecPhase.Execute);
        last.Single<MergeTaskBranches>().TaskIds.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void A_failed_task_fails_the_wave_once_every_task_has_reported()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]));

        var failed = state.Feed(new TaskFailed(Min(2), 1, "a", "tests went from 12 to 9"));
        failed.Next.Phase.ShouldBe(SpecPhase.Execute);
        failed.Effects.ShouldBeEmpty();

        var end = failed.Next.Feed(new TaskPassed(Min(3), 1, "b"));
        end.Next.Phase.ShouldBe(SpecPhase.Failed);
        end.Single<Fail>().Reason.ShouldBe("wave 1: 1 of 2 tasks failed (a); last error: task a failed: tests went from 12 to 9");
        end.Next.ExecutionStatus.LastError.ShouldBe(end.Single<Fail>().Reason);
        var record = end.Next.History.ShouldHaveSingleItem();
        (record.Wave, record.Status, record.StartedAt).ShouldBe((1, WaveOutcome.Failed, Min(1)));
    }

    [Fact]
    public void A_wave_pull_request_targets_the_spec_base_branch_and_the_final_one_main()
    {
        var wave = New(waves: 2).Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]), new TaskPassed(Min(2), 1, "a"));
        wave.Feed(new TaskBranchesMerged(Min(3), 1)).Single<OpenPullRequest>()
            .ShouldBe(new OpenPullRequest(1, "feature/ui-wave-1", "feature/ui", "ui: wave 1 of 2"));

        var final = New(waves: 1).Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]), new TaskPassed(Min(2), 1, "a"));
        final.Feed(new TaskBranchesMerged(Min(3), 1)).Single<OpenPullRequest>().Base.ShouldBe("main");
    }

    [Fact]
    public void A_result_the_wave_branch_refuses_runs_again_once_on_the_wave_branch_and_a_second_refusal_fails_the_task()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]), new TaskPassed(Min(2), 1, "a"), new TaskPassed(Min(3), 1, "b"));

        var first = state.Feed(new TaskMergeRefused(Min(4), 1, "b", "it conflicts with the wave's other tasks in src/app.cs", "refs/pace/spec-kept/ui/b/1"));

        // Not b's failure: b counts as not reported again and the wave's tasks run (only b is left).
        first.Next.Phase.ShouldBe(SpecPhase.Execute);
        first.Next.ExecutionStatus.PassedTasks.ShouldBe(["a"]);
        first.Next.ExecutionStatus.TasksCompleted.ShouldBe(1);
        first.Next.ExecutionStatus.FailedTasks.ShouldBeEmpty();
        first.Next.ExecutionStatus.RefusedMerges.ShouldBe([new RefusedMerge("b", "it conflicts with the wave's other tasks in src/app.cs", "refs/pace/spec-kept/ui/b/1")]);
        first.Single<RunWaveTasks>().ShouldBe(new RunWaveTasks(1, "feature/ui-wave-1", "feature/ui", "main", false));

        // b passes on the new base, then its merge is refused again: b failed, and so did the wave.
        var again = first.Next.Then(new TaskPassed(Min(20), 1, "b"));
        again.ExecutionStatus.PassedTasks.ShouldBe(["a", "b"]);
        var second = again.Feed(new TaskMergeRefused(Min(21), 1, "b", "with the wave's other tasks merged, 'make test' failed", "refs/pace/spec-kept/ui/b/2"));

        second.Next.Phase.ShouldBe(SpecPhase.Failed);
        second.Next.ExecutionStatus.FailedTasks.ShouldBe(["b"]);
        second.Next.ExecutionStatus.PassedTasks.ShouldBe(["a"]);
        second.Single<Fail>().Reason.ShouldBe(
            "wave 1: 1 of 2 tasks failed (b); last error: task b failed: its result was refused by the wave branch again after it ran again on it: " +
            "with the wave's other tasks merged, 'make test' failed (kept on refs/pace/spec-kept/ui/b/2)");
    }

    [Fact]
    public void A_refusal_of_a_task_not_counted_as_passed_changes_nothing()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]), new TaskPassed(Min(2), 1, "a"));

        var decision = SpecMachine.Decide(state, new TaskMergeRefused(Min(4), 1, "b", "x", "refs/pace/spec-kept/ui/b/1"));

        decision.Ignored.ShouldBe("task b is not counted as passed");
        decision.Next.ShouldBe(state);
        decision.Effects.ShouldBeEmpty();
    }

    [Fact]
    public void An_open_pull_request_is_sent_for_review_and_polled_at_the_flag_interval()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]), new TaskPassed(Min(2), 1, "a"), new TaskBranchesMerged(Min(3), 1));

        var decision = state.Feed(new PullRequestOpened(Min(4), 1, 7, "https://forge.test/pr/7"));

        decision.Next.Phase.ShouldBe(SpecPhase.AwaitingReview);
        (decision.Next.PrNumber, decision.Next.PrUrl).ShouldBe((7, "https://forge.test/pr/7"));
        decision.Next.ReviewStatus.ReviewDecision.ShouldBe(ReviewDecision.Pending);
        decision.Effects.ShouldBe([new RequestReview(7), new PollReview(7, TimeSpan.FromMinutes(2))]);
    }

    [Fact]
    public void In_manual_mode_the_review_is_requested_but_not_polled()
    {
        var state = New(flags: new SpecFlags { ManualMode = true }).WithOpenPullRequest();

        state.Phase.ShouldBe(SpecPhase.AwaitingReview);
        SpecStatusReport.Of(state).Status.ShouldBe("waiting");
    }

    [Fact]
    public void A_pull_request_that_cannot_be_opened_fails_the_wave()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]), new TaskPassed(Min(2), 1, "a"), new TaskBranchesMerged(Min(3), 1));

        var decision = state.Feed(new PullRequestFailed(Min(4), 1, "forge unreachable"));

        decision.Next.Phase.ShouldBe(SpecPhase.Failed);
        decision.Single<Fail>().Reason.ShouldBe("wave 1: no pull request was opened: forge unreachable");
    }

    [Fact]
    public void Resuming_a_wave_does_the_step_that_was_interrupted()
    {
        var running = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]), new TaskPassed(Min(2), 1, "a"));
        running.Feed(new RunRequested(Min(5))).Single<RunWaveTasks>().Fresh.ShouldBeFalse();

        var passed = running.Then(new TaskPassed(Min(3), 1, "b"));
        passed.Feed(new RunRequested(Min(5))).Single<MergeTaskBranches>().TaskIds.ShouldBe(["a", "b"]);

        var merged = passed.Then(new TaskBranchesMerged(Min(4), 1));
        merged.Feed(new RunRequested(Min(5))).Single<OpenPullRequest>().Head.ShouldBe("feature/ui-wave-1");
    }

    [Fact]
    public void A_report_for_another_wave_changes_nothing()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]));

        var decision = SpecMachine.Decide(state, new TaskPassed(Min(2), 2, "a"));

        decision.Ignored.ShouldBe("TaskPassed is for wave 2; the run is at wave 1");
        decision.Next.ShouldBeSameAs(state);
        decision.Effects.ShouldBeEmpty();
    }

    [Fact]
    public void An_event_that_does_not_fit_the_phase_changes_nothing()
    {
        var state = New();

        var decision = SpecMachine.Decide(state, new PullRequestMerged(Min(1)));

        decision.Ignored.ShouldBe("PullRequestMerged is not expected in INIT");
        decision.Next.ShouldBeSameAs(state);
    }
}
