using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class ReviewTransitionsTests
{
    [Fact]
    public void No_verdict_yet_means_another_poll_after_the_interval()
    {
        var state = New().WithOpenPullRequest();

        var decision = state.Feed(new ReviewPending(Min(7)));

        decision.Next.Phase.ShouldBe(SpecPhase.AwaitingReview);
        decision.Next.ReviewStatus.PollCount.ShouldBe(1);
        decision.Next.ReviewStatus.LastCheck.ShouldBe(Min(7));
        decision.Single<PollReview>().ShouldBe(new PollReview(11, TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Comments_from_a_bot_never_count_as_approval_however_many_polls_see_them()
    {
        // The original merged early when a bot posted comments instead of a formal review. Pace
        // hears "comments but no verdict" as ReviewPending: it polls on and never asks to merge.
        var state = New().WithOpenPullRequest();
        var effects = new List<SpecEffect>();
        for (var poll = 1; poll <= 14; poll++)
        {
            var decision = state.Feed(new ReviewPending(Min(5 + (2 * poll))));
            effects.AddRange(decision.Effects);
            state = decision.Next;
        }

        state.Phase.ShouldBe(SpecPhase.AwaitingReview);
        state.ReviewStatus.BotReviewed.ShouldBeFalse();
        effects.ShouldAllBe(e => e is PollReview);
        effects.Count.ShouldBe(14);
    }

    [Fact]
    public void Polling_stops_when_the_window_of_the_flags_is_used_up()
    {
        var state = New(flags: new SpecFlags { PollIntervalMs = 600_000, MaxPollDurationMs = 1_800_000 }).WithOpenPullRequest();

        var second = state.Then(new ReviewPending(Min(15)), new ReviewPending(Min(25)));
        second.ReviewStatus.PollTimedOut.ShouldBeFalse();

        var last = second.Feed(new ReviewPending(Min(35)));
        last.Effects.ShouldBeEmpty();
        last.Next.ReviewStatus.PollTimedOut.ShouldBeTrue();
        SpecStatusReport.Of(last.Next).Message.ShouldBe("Wave 1 of 3: no review of PR #11 after 30 minutes of polling; check the pull request.");

        var again = last.Next.Feed(new RunRequested(Min(90)));
        again.Single<PollReview>().After.ShouldBe(TimeSpan.Zero);
        again.Next.ReviewStatus.PollStartedAt.ShouldBe(Min(90));
        again.Next.ReviewStatus.PollTimedOut.ShouldBeFalse();
    }

    [Fact]
    public void In_manual_mode_a_check_without_verdict_stops_and_waits_for_the_next_run()
    {
        var state = New(flags: new SpecFlags { ManualMode = true }).WithOpenPullRequest();

        state.Feed(new RunRequested(Min(6))).Single<PollReview>().After.ShouldBe(TimeSpan.Zero);
        var decision = state.Feed(new ReviewPending(Min(7)));

        decision.Effects.ShouldBeEmpty();
        SpecStatusReport.Of(decision.Next).Status.ShouldBe("waiting");
    }

    [Fact]
    public void An_approval_of_a_wave_pull_request_merges_it_into_the_base_branch_without_asking()
    {
        var decision = New().WithOpenPullRequest().Feed(new ReviewReceived(Min(8), ReviewVerdict.Approved, []));

        decision.Next.Phase.ShouldBe(SpecPhase.ReadyToMerge);
        decision.Next.ReviewStatus.ReviewDecision.ShouldBe(ReviewDecision.Approved);
        decision.Next.ReviewStatus.ReviewCycles.ShouldBe(1);
        decision.Single<MergePullRequest>().ShouldBe(new MergePullRequest(11, "feature/ui", Squash: true, NeedsConfirmation: false));
    }

    [Fact]
    public void Requested_changes_go_to_an_agent_with_the_blocking_comments()
    {
        var decision = New().WithOpenPullRequest().Feed(new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["null check missing", "rename Foo"]));

        decision.Next.Phase.ShouldBe(SpecPhase.ReviewProcessing);
        decision.Next.ReviewStatus.BlockingCount.ShouldBe(2);
        decision.Single<AddressReview>().ShouldSatisfyAllConditions(
            a => a.PrNumber.ShouldBe(11),
            a => a.WaveBranch.ShouldBe("feature/ui-wave-1"),
            a => a.Comments.ShouldBe(["null check missing", "rename Foo"]),
            a => a.Cycle.ShouldBe(1));
    }

    [Fact]
    public void Verified_fixes_ask_for_another_review()
    {
        var state = New().WithOpenPullRequest().Then(new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["x"]));
        state.Feed(new RunRequested(Min(9))).Single<AddressReview>().Comments.ShouldBe(["x"]);

        var decision = state.Feed(new ReviewFixesVerified(Min(20)));

        decision.Next.Phase.ShouldBe(SpecPhase.AwaitingReview);
        decision.Next.ReviewStatus.ReviewDecision.ShouldBe(ReviewDecision.Pending);
        decision.Next.ReviewStatus.PollStartedAt.ShouldBe(Min(20));
        decision.Effects.ShouldBe([new RequestReview(11), new PollReview(11, TimeSpan.FromMinutes(2))]);
    }

    [Fact]
    public void Fixes_that_fail_verification_fail_the_wave()
    {
        var state = New().WithOpenPullRequest().Then(new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["x"]));

        var decision = state.Feed(new ReviewFixesFailed(Min(20), "dotnet test exited 1"));

        decision.Next.Phase.ShouldBe(SpecPhase.Failed);
        decision.Single<Fail>().Reason.ShouldBe("wave 1: addressing the review of PR #11 failed: dotnet test exited 1");
        decision.Next.History.ShouldHaveSingleItem().ReviewCycles.ShouldBe(1);
    }

    [Fact]
    public void Changes_requested_in_the_last_allowed_cycle_fail_the_wave_with_a_clear_reason()
    {
        var state = New().WithOpenPullRequest().Then(
            new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["one"]),
            new ReviewFixesVerified(Min(10)),
            new ReviewReceived(Min(12), ReviewVerdict.ChangesRequested, ["two"]),
            new ReviewFixesVerified(Min(14)));

        var decision = state.Feed(new ReviewReceived(Min(16), ReviewVerdict.ChangesRequested, ["three"]));

        decision.Next.Phase.ShouldBe(SpecPhase.Failed);
        decision.Single<Fail>().Reason.ShouldBe("wave 1: PR #11 still has changes requested after 3 review cycles (flags.max_review_cycles is 3)");
        decision.Next.History.ShouldHaveSingleItem().ReviewCycles.ShouldBe(3);
    }

    [Fact]
    public void An_approval_in_the_last_allowed_cycle_still_merges()
    {
        var state = New(flags: new SpecFlags { MaxReviewCycles = 2 }).WithOpenPullRequest().Then(
            new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["one"]),
            new ReviewFixesVerified(Min(10)));

        var decision = state.Feed(new ReviewReceived(Min(12), ReviewVerdict.Approved, []));

        decision.Next.Phase.ShouldBe(SpecPhase.ReadyToMerge);
        decision.Next.ReviewStatus.ReviewCycles.ShouldBe(2);
    }
}
