using Pace.Adapters.Git;
using Pace.Core.Agents;
using Pace.Core.Forge;
using Pace.Core.Ports;
using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// The review of a spec wave's pull request: a reviewer agent asked once per head commit (a person is
/// told how to review instead), and the forge's reviews read for the verdict of an allowed reviewer on
/// the wave branch's current head.
/// </summary>
/// <param name="reviewerAgent">The reviewer agent; null when a person reviews through <c>pace review</c>.</param>
/// <param name="forgeReviewsAllowlisted">The forge returns only reviews of its own allowlist (GitHub), so every review it returns counts.</param>
/// <param name="worktree">The worktree of a branch at a path, made if missing.</param>
/// <param name="checkpoint">Called at named steps between two side effects; the crash tests stop the process there.</param>
internal sealed class WaveReviews(
    IForge forge, IRepository repository, IAgent? reviewerAgent, bool forgeReviewsAllowlisted, Spec spec, SpecLayout layout,
    AgentLimits sessionLimits, TimeProvider clock, IReadOnlyDictionary<string, string?>? gitEnvironment,
    Func<string, string, CancellationToken, Task<string>> worktree, Action<string> checkpoint, Action<string> log)
{
    /// <summary>How many unreadable answers of the reviewer agent about one head fail the review.</summary>
    private const int UnreadableLimit = 2;

    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A person reviews through `pace review`; a reviewer agent reviews now, once per head commit, in the wave's worktree.</summary>
    public async Task RequestAsync(RequestReview request, WaveAtHand wave, CancellationToken cancellationToken, bool quiet = false)
    {
        if (reviewerAgent is not { } reviewer)
        {
            if (!quiet)
            {
                log(forgeReviewsAllowlisted
                    ? $"PR #{request.PrNumber} awaits a review from an allowed reviewer on the forge"
                    : $"PR #{request.PrNumber} awaits your review: pace review {spec.Name} approve|request-changes -m TEXT");
            }

            return;
        }

        var head = await repository.HeadOfAsync(wave.WaveBranch, cancellationToken).ConfigureAwait(false);
        var reviews = await forge.GetReviewsAsync(request.PrNumber, cancellationToken).ConfigureAwait(false);
        var mine = reviews.Where(r => r.Reviewer == reviewer.Name && r.HeadSha == head).ToList();
        // Once per head; an answer that could not be read is asked for once more, then the poll fails the review.
        if (mine.Any(r => r.Kind != ReviewKind.Unreadable) || mine.Count >= UnreadableLimit)
        {
            return;
        }

        var tree = await worktree(layout.WaveWorktree(wave.Wave), wave.WaveBranch, cancellationToken).ConfigureAwait(false);
        var diff = await new GitCli(tree, gitEnvironment).RunAsync(["diff", "--stat", $"refs/heads/{wave.PullRequestTarget}...HEAD"], cancellationToken).ConfigureAwait(false);
        var cycle = wave.ReviewCycles + 1;
        var folder = layout.SessionFolder(wave.Wave, $"review-{cycle}");
        Directory.CreateDirectory(folder);
        var prompt = SpecPrompts.Review(spec, wave.Wave, cycle, spec.TasksOf(wave.Wave), diff.Text);
        var agentRequest = new AgentRequest(layout.ProjectIn(tree), prompt, Path.Combine(folder, "transcript.jsonl"), sessionLimits);
        var result = await reviewer.RunAsync(agentRequest, _ => { }, cancellationToken).ConfigureAwait(false);
        if (result.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        // A reviewer changes nothing; whatever it did is undone.
        await new GitCliWorkspace(tree, gitEnvironment).ResetAsync(head, cancellationToken).ConfigureAwait(false);
        var review = ReviewerVerdict.Parse(reviewer.Name, result.FinalMessage, head, Now);
        await forge.PostReviewAsync(request.PrNumber, review, cancellationToken).ConfigureAwait(false);
        checkpoint("review-posted");
        log(review.Kind == ReviewKind.Unreadable
            ? $"PR #{request.PrNumber}: {review.Body}"
            : $"PR #{request.PrNumber}: {reviewer.Name} {(review.Kind == ReviewKind.Approved ? "approved" : $"requested changes ({review.Blocking.Count} blocking)")}");
    }

    /// <summary>Checks for a verdict on the current head; when there is none yet, waits the interval (the injected clock) and checks again.</summary>
    public async Task PollAsync(PollReview poll, WaveAtHand wave, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        // A run resumed in AWAITING_REVIEW polls without asking again; a reviewer agent that was never asked about this head is asked now.
        await RequestAsync(new RequestReview(poll.PrNumber), wave, cancellationToken, quiet: true).ConfigureAwait(false);
        var verdict = await VerdictAsync(poll.PrNumber, wave.WaveBranch, cancellationToken).ConfigureAwait(false);
        if (verdict is null && await UnreadableAsync(poll.PrNumber, wave.WaveBranch, cancellationToken).ConfigureAwait(false) is { } unreadable)
        {
            await report(new ReviewUnreadable(Now, unreadable)).ConfigureAwait(false);
            return;
        }

        if (verdict is null && poll.After > TimeSpan.Zero)
        {
            await Task.Delay(poll.After, clock, cancellationToken).ConfigureAwait(false);
            verdict = await VerdictAsync(poll.PrNumber, wave.WaveBranch, cancellationToken).ConfigureAwait(false);
        }

        await report(verdict is null
            ? new ReviewPending(Now)
            : new ReviewReceived(Now, verdict.Kind == ReviewKind.Approved ? ReviewVerdict.Approved : ReviewVerdict.ChangesRequested, [.. verdict.Blocking.Select(c => c.ToString())])).ConfigureAwait(false);
    }

    /// <summary>The latest verdict given on the branch's current head by an allowed reviewer (the configured agent, or a person).</summary>
    private async Task<Review?> VerdictAsync(int number, string branch, CancellationToken cancellationToken)
    {
        var head = await repository.HeadOfAsync(branch, cancellationToken).ConfigureAwait(false);
        var reviews = await forge.GetReviewsAsync(number, cancellationToken).ConfigureAwait(false);
        return reviews.LastOrDefault(r => r.IsVerdict && r.HeadSha == head && IsAllowed(r.Reviewer));
    }

    /// <summary>Why the review failed when the reviewer agent answered unreadably <see cref="UnreadableLimit"/> times about the current head; else null.</summary>
    private async Task<string?> UnreadableAsync(int number, string branch, CancellationToken cancellationToken)
    {
        if (reviewerAgent is not { } reviewer)
        {
            return null;
        }

        var head = await repository.HeadOfAsync(branch, cancellationToken).ConfigureAwait(false);
        var reviews = await forge.GetReviewsAsync(number, cancellationToken).ConfigureAwait(false);
        var unreadable = reviews.Where(r => r.Reviewer == reviewer.Name && r.HeadSha == head && r.Kind == ReviewKind.Unreadable).ToList();
        return unreadable.Count < UnreadableLimit ? null
            : $"the reviewer agent {reviewer.Name} was asked {unreadable.Count} times about {head[..7]} and no answer was a readable verdict; the last: {unreadable[^1].Body}";
    }

    /// <summary>A person, the configured agent, or anyone a forge that keeps its own allowlist returns.</summary>
    private bool IsAllowed(string name) =>
        forgeReviewsAllowlisted || name.StartsWith(SpecSettings.Person, StringComparison.Ordinal) || name == reviewerAgent?.Name;
}
