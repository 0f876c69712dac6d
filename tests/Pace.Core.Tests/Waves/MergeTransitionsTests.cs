using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class MergeTransitionsTests
{
    [Fact]
    public void The_final_pull_request_into_main_is_not_merged_without_confirmation()
    {
        var state = New(waves: 1).Approved();

        var merge = state.Feed(new RunRequested(Min(9))).Single<MergePullRequest>();

        merge.ShouldBe(new MergePullRequest(11, "main", Squash: true, NeedsConfirmation: true));
        var report = SpecStatusReport.Of(state);
        (report.Status, report.Message, report.NextAction).ShouldBe((
            "waiting", "Final wave: PR #11 merges into main and needs your confirmation.", "pace spec run ui --yes to merge it"));
    }

    [Fact]
    public void A_yes_asks_for_the_merge_itself_and_a_no_waits()
    {
        var state = New(waves: 1).Approved();

        var yes = state.Feed(new MergeConfirmed(Min(9)));
        yes.Next.MergeConfirmed.ShouldBeTrue();
        yes.Single<MergePullRequest>().NeedsConfirmation.ShouldBeFalse();

        var no = state.Feed(new MergeDeclined(Min(9)));
        no.Effects.ShouldBeEmpty();
        no.Next.Phase.ShouldBe(SpecPhase.ReadyToMerge);
        SpecStatusReport.Of(no.Next).Status.ShouldBe("waiting");
    }

    [Fact]
    public void A_merged_pull_request_is_recorded_with_its_real_review_cycles_and_its_branch_cleaned_up()
    {
        var state = New().WithOpenPullRequest().Then(
            new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["x"]),
            new ReviewFixesVerified(Min(10)),
            new ReviewReceived(Min(12), ReviewVerdict.Approved, []));

        var decision = state.Feed(new PullRequestMerged(Min(13)));

        var record = decision.Next.History.ShouldHaveSingleItem();
        record.ShouldBe(new WaveRecord
        {
            Wave = 1, PrNumber = 11, PrUrl = "https://forge.test/pr/11", Status = WaveOutcome.Merged,
            StartedAt = Min(1), MergedAt = Min(13), BranchCleaned = false, ReviewCycles = 2,
        });
        decision.Single<CleanupBranches>().ShouldSatisfyAllConditions(
            c => c.Wave.ShouldBe(1),
            c => c.Branches.ShouldBe(["feature/ui-wave-1"]));
        SpecMachine.Decide(decision.Next, new PullRequestMerged(Min(14))).Ignored.ShouldBe("PR #11 is recorded as merged already");
        decision.Next.Feed(new RunRequested(Min(15))).Effects.ShouldHaveSingleItem().ShouldBeOfType<CleanupBranches>();
    }

    [Fact]
    public void After_a_wave_is_merged_the_next_wave_starts_at_once()
    {
        // The original stopped after wave 1: the merge must lead straight to the next wave's tasks.
        var decision = New().Merged().Feed(new BranchCleaned(Min(10)));

        decision.Next.Phase.ShouldBe(SpecPhase.Execute);
        decision.Next.CurrentWave.ShouldBe(2);
        decision.Next.WaveBranch.ShouldBe("feature/ui-wave-2");
        (decision.Next.PrNumber, decision.Next.ReviewStatus.ReviewCycles, decision.Next.ExecutionStatus.TasksTotal).ShouldBe((null, 0, 0));
        decision.Next.History.ShouldHaveSingleItem().BranchCleaned.ShouldBeTrue();
        decision.Single<RunWaveTasks>().ShouldBe(new RunWaveTasks(2, "feature/ui-wave-2", "feature/ui", "main", Fresh: false));
    }

    [Fact]
    public void A_failed_cleanup_is_recorded_and_the_run_goes_on()
    {
        var decision = New().Merged().Feed(new BranchCleanupFailed(Min(10), "branch is checked out"));

        decision.Next.CurrentWave.ShouldBe(2);
        decision.Next.History.ShouldHaveSingleItem().BranchCleaned.ShouldBeFalse();
    }

    [Fact]
    public void The_final_merge_completes_the_spec_and_cleanup_never_touches_main()
    {
        var merged = New(waves: 1).Approved().Then(new MergeConfirmed(Min(9)), new PullRequestMerged(Min(10)));
        merged.Feed(new RunRequested(Min(10))).Single<CleanupBranches>().Branches.ShouldBe(["feature/ui-wave-1", "feature/ui"]);

        var done = merged.Feed(new BranchCleaned(Min(11)));

        done.Next.Phase.ShouldBe(SpecPhase.Completed);
        done.Effects.ShouldBeEmpty();
        SpecStatusReport.Of(done.Next).Message.ShouldBe("Spec ui is complete: all 1 waves merged (wave 1: PR #11, 1 review cycle).");
    }

    [Fact]
    public void A_merge_that_fails_fails_the_wave()
    {
        var decision = New().Approved().Feed(new MergeFailed(Min(9), "conflict in README.md"));

        decision.Next.Phase.ShouldBe(SpecPhase.Failed);
        decision.Single<Fail>().Reason.ShouldBe("wave 1: merging PR #11 into feature/ui failed: conflict in README.md");
    }

    [Fact]
    public void A_merge_stopped_by_a_failed_check_is_not_called_a_conflict()
    {
        var decision = New().Approved().Feed(new MergeFailed(Min(9), "a check failed on GitHub, so nothing was merged: build (failure)"));

        decision.Single<Fail>().Reason.ShouldBe("wave 1: merging PR #11 into feature/ui failed: a check failed on GitHub, so nothing was merged: build (failure)");
    }

    [Fact]
    public void Cleanup_before_the_merge_is_ignored()
    {
        var state = New().Approved();

        SpecMachine.Decide(state, new BranchCleaned(Min(9))).Ignored.ShouldBe("PR #11 is not merged yet");
    }
}
