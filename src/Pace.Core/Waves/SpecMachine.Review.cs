namespace Pace.Core.Waves;

public static partial class SpecMachine
{
    /// <summary>An invocation while waiting: check now; after a timeout (or in manual mode) a new polling window opens.</summary>
    private static Decision ResumePolling(SpecState s, RunRequested e)
    {
        var review = s.ReviewStatus;
        if (review.PollTimedOut || review.PollStartedAt is null)
        {
            review = review with { PollStartedAt = e.At, PollCount = 0, PollTimedOut = false };
        }

        return Go(s with { ReviewStatus = review }, new PollReview(s.PrNumber!.Value, TimeSpan.Zero));
    }

    private static Decision KeepPolling(SpecState s, ReviewPending e)
    {
        var review = s.ReviewStatus with
        {
            PollCount = s.ReviewStatus.PollCount + 1,
            LastCheck = e.At,
            ReviewDecision = ReviewDecision.Pending,
            PollStartedAt = s.ReviewStatus.PollStartedAt ?? e.At,
        };
        if (s.Flags.ManualMode)
        {
            return Go(s with { ReviewStatus = review });
        }

        var elapsed = e.At - review.PollStartedAt!.Value;
        if (elapsed + Interval(s) > TimeSpan.FromMilliseconds(s.Flags.MaxPollDurationMs))
        {
            // The next poll would end after the window: stop now rather than overrun it.
            return Go(s with { ReviewStatus = review with { PollTimedOut = true } });
        }

        return Go(s with { ReviewStatus = review }, new PollReview(s.PrNumber!.Value, Interval(s)));
    }

    /// <summary>Only a verdict gets here; the number of verdicts is the wave's review cycle count.</summary>
    private static Decision ProcessVerdict(SpecState s, ReviewReceived e)
    {
        var cycles = s.ReviewStatus.ReviewCycles + 1;
        var approved = e.Verdict == ReviewVerdict.Approved;
        var next = s with
        {
            ReviewStatus = s.ReviewStatus with
            {
                BotReviewed = true,
                LastCheck = e.At,
                ReviewCycles = cycles,
                ReviewDecision = approved ? ReviewDecision.Approved : ReviewDecision.ChangesRequested,
                BlockingCount = e.BlockingComments.Count,
                BlockingComments = e.BlockingComments,
                PollTimedOut = false,
            },
        };
        if (approved)
        {
            next = next with { Phase = SpecPhase.ReadyToMerge };
            return Go(next, MergeFor(next));
        }

        if (cycles >= s.Flags.MaxReviewCycles)
        {
            var reason = $"wave {s.CurrentWave}: PR #{s.PrNumber} still has changes requested after {cycles} review cycles (flags.max_review_cycles is {s.Flags.MaxReviewCycles})";
            return FailWave(next, e.At, reason);
        }

        next = next with { Phase = SpecPhase.ReviewProcessing };
        return Go(next, new AddressReview(s.PrNumber!.Value, s.WaveBranch, e.BlockingComments, cycles));
    }

    private static Decision ResumeFixes(SpecState s, RunRequested e) =>
        Go(s, new AddressReview(s.PrNumber!.Value, s.WaveBranch, s.ReviewStatus.BlockingComments, s.ReviewStatus.ReviewCycles));

    private static Decision FixesVerified(SpecState s, ReviewFixesVerified e)
    {
        var next = s with
        {
            Phase = SpecPhase.AwaitingReview,
            ReviewStatus = s.ReviewStatus with { ReviewDecision = ReviewDecision.Pending, PollCount = 0, PollStartedAt = e.At, PollTimedOut = false },
        };
        return Go(next, RequestAndPoll(next));
    }
}
