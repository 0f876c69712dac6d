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
    public void A_conflict_between_task_branches_fails_the_wave()
    {
        var state = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]), new TaskPassed(Min(2), 1, "a"));

        var decision = state.Feed(new TaskBranchesConflicted(Min(3), 1, "src/app.cs"));

        decision.Next.Phase.ShouldBe(SpecPhase.Failed);
        decision.Single<Fail>().Reason.ShouldBe("wave 1: merging the task branches into feature/ui-wave-1 failed: src/app.cs");
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
