using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class RetryAndRecoverTests
{
    private static SpecState FailedInWaveTwo() =>
        New().Merged().Then(new BranchCleaned(Min(10))).Approved().Then(new MergeFailed(Min(20), "conflict"));

    [Fact]
    public void Retry_restarts_the_current_wave_from_scratch_and_keeps_the_history()
    {
        var state = FailedInWaveTwo();
        state.Phase.ShouldBe(SpecPhase.Failed);

        var decision = state.Feed(new RetryRequested(Min(30)));

        decision.Next.Phase.ShouldBe(SpecPhase.Execute);
        decision.Next.CurrentWave.ShouldBe(2);
        (decision.Next.PrNumber, decision.Next.ExecutionStatus.LastError).ShouldBe((null, null));
        decision.Next.History.Select(h => (h.Wave, h.Status)).ShouldBe([(1, WaveOutcome.Merged), (2, WaveOutcome.Failed)]);
        decision.Single<RunWaveTasks>().ShouldBe(new RunWaveTasks(2, "feature/ui-wave-2", "feature/ui", "main", Fresh: true));
    }

    [Fact]
    public void Retry_works_from_a_stuck_review_too()
    {
        var decision = New().WithOpenPullRequest().Feed(new RetryRequested(Min(30)));

        decision.Next.Phase.ShouldBe(SpecPhase.Execute);
        decision.Single<RunWaveTasks>().Fresh.ShouldBeTrue();
    }

    [Fact]
    public void Retry_does_not_rerun_a_wave_that_is_merged()
    {
        SpecMachine.Decide(New().Merged(), new RetryRequested(Min(30))).Ignored.ShouldBe("wave 1 is merged already; pace spec run goes on with its cleanup");
    }

    [Fact]
    public void Recover_starts_over_and_keeps_the_flags()
    {
        var flags = new SpecFlags { ManualMode = true, PollIntervalMs = 1000 };
        var state = New(flags: flags).Merged().Then(new BranchCleaned(Min(10)));

        var decision = state.Feed(new RecoverRequested(Min(40)));

        decision.Next.Phase.ShouldBe(SpecPhase.Init);
        decision.Next.CurrentWave.ShouldBe(1);
        decision.Next.History.ShouldBeEmpty();
        decision.Next.Flags.ShouldBe(flags);
        decision.Next.CreatedAt.ShouldBe(Min(40));
        decision.Effects.ShouldBeEmpty();
    }

    [Fact]
    public void Recover_takes_the_wave_count_the_spec_plans_now()
    {
        var state = New().Merged().Then(new BranchCleaned(Min(10)));

        var decision = state.Feed(new RecoverRequested(Min(40), 5));

        decision.Next.TotalWaves.ShouldBe(5);
        decision.Next.Phase.ShouldBe(SpecPhase.Init);
        state.Feed(new RecoverRequested(Min(40))).Next.TotalWaves.ShouldBe(state.TotalWaves);
    }

    [Fact]
    public void A_commands_settings_replace_the_saved_flags_in_any_phase_and_change_nothing_else()
    {
        var flags = new SpecFlags { ManualMode = true, EarlyStart = false, MaxReviewCycles = 1 };
        foreach (var state in new[] { New(), New().WithOpenPullRequest(), FailedInWaveTwo() })
        {
            var decision = state.Feed(new SettingsApplied(Min(40), flags));

            decision.Next.ShouldBe(state with { Flags = flags, UpdatedAt = Min(40) });
            decision.Effects.ShouldBeEmpty();
        }
    }

    [Fact]
    public void A_failed_or_completed_run_ignores_a_plain_run_and_says_why()
    {
        SpecMachine.Decide(FailedInWaveTwo(), new RunRequested(Min(50))).Ignored
            .ShouldBe("the run failed (wave 2: merging PR #12 into feature/ui failed: conflict); retry or recover first");

        var done = New(waves: 1).Approved().Then(new MergeConfirmed(Min(9)), new PullRequestMerged(Min(10)), new BranchCleaned(Min(11)));
        SpecMachine.Decide(done, new RunRequested(Min(50))).Ignored.ShouldBe("spec ui is complete");
    }
}
