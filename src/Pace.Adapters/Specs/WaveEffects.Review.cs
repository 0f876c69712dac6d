using Pace.Core.Agents;
using Pace.Core.Forge;
using Pace.Core.Git;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    public static string FixTrailer(string spec, int wave, int cycle) => $"Pace-Review-Fix: {spec}/{wave}/{cycle}";

    /// <summary>A person reviews through `pace review`; a reviewer agent reviews now, once per head commit, in the wave's worktree.</summary>
    private async Task RequestReviewAsync(RequestReview request, SpecState state, CancellationToken cancellationToken, bool quiet = false)
    {
        if (_context.Reviewer is not { } reviewer)
        {
            if (!quiet)
            {
                _context.Log(_context.ForgeReviewsAllowlisted
                    ? $"PR #{request.PrNumber} awaits a review from an allowed reviewer on the forge"
                    : $"PR #{request.PrNumber} awaits your review: pace review {_context.Spec.Name} approve|request-changes -m TEXT");
            }

            return;
        }

        var head = await HeadOfAsync(state.WaveBranch, cancellationToken).ConfigureAwait(false);
        var reviews = await _context.Forge.GetReviewsAsync(request.PrNumber, cancellationToken).ConfigureAwait(false);
        var mine = reviews.Where(r => r.Reviewer == reviewer.Name && r.HeadSha == head).ToList();
        // Once per head; an answer that could not be read is asked for once more, then the poll fails the review.
        if (mine.Any(r => r.Kind != ReviewKind.Unreadable) || mine.Count >= UnreadableLimit)
        {
            return;
        }

        var tree = await WorktreeAsync(Layout.WaveWorktree(state.CurrentWave), state.WaveBranch, cancellationToken).ConfigureAwait(false);
        var diff = await Git(tree).RunAsync(["diff", "--stat", $"refs/heads/{state.PullRequestTarget}...HEAD"], cancellationToken).ConfigureAwait(false);
        var cycle = state.ReviewStatus.ReviewCycles + 1;
        var folder = Layout.SessionFolder(state.CurrentWave, $"review-{cycle}");
        Directory.CreateDirectory(folder);
        var prompt = SpecPrompts.Review(_context.Spec, state.CurrentWave, cycle, _context.Spec.TasksOf(state.CurrentWave), diff.Text);
        var request2 = new AgentRequest(Layout.ProjectIn(tree), prompt, Path.Combine(folder, "transcript.jsonl"), _context.Config.SessionLimits);
        var result = await reviewer.RunAsync(request2, _ => { }, cancellationToken).ConfigureAwait(false);
        if (result.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        // A reviewer changes nothing; whatever it did is undone.
        await Workspace(tree).ResetAsync(head, cancellationToken).ConfigureAwait(false);
        var review = ReviewerVerdict.Parse(reviewer.Name, result.FinalMessage, head, Now);
        await _context.Forge.PostReviewAsync(request.PrNumber, review, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint("review-posted");
        _context.Log(review.Kind == ReviewKind.Unreadable
            ? $"PR #{request.PrNumber}: {review.Body}"
            : $"PR #{request.PrNumber}: {reviewer.Name} {(review.Kind == ReviewKind.Approved ? "approved" : $"requested changes ({review.Blocking.Count} blocking)")}");
    }

    /// <summary>Checks for a verdict on the current head; when there is none yet, waits the interval (the injected clock) and checks again.</summary>
    private async Task PollReviewAsync(PollReview poll, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        // A run resumed in AWAITING_REVIEW polls without asking again; a reviewer agent that was never asked about this head is asked now.
        await RequestReviewAsync(new RequestReview(poll.PrNumber), state, cancellationToken, quiet: true).ConfigureAwait(false);
        var verdict = await VerdictAsync(poll.PrNumber, state.WaveBranch, cancellationToken).ConfigureAwait(false);
        if (verdict is null && await UnreadableAsync(poll.PrNumber, state.WaveBranch, cancellationToken).ConfigureAwait(false) is { } unreadable)
        {
            await report(new ReviewUnreadable(Now, unreadable)).ConfigureAwait(false);
            return;
        }

        if (verdict is null && poll.After > TimeSpan.Zero)
        {
            await Task.Delay(poll.After, _context.Clock, cancellationToken).ConfigureAwait(false);
            verdict = await VerdictAsync(poll.PrNumber, state.WaveBranch, cancellationToken).ConfigureAwait(false);
        }

        await report(verdict is null
            ? new ReviewPending(Now)
            : new ReviewReceived(Now, verdict.Kind == ReviewKind.Approved ? ReviewVerdict.Approved : ReviewVerdict.ChangesRequested, [.. verdict.Blocking.Select(c => c.ToString())])).ConfigureAwait(false);
    }

    /// <summary>The latest verdict given on the branch's current head by an allowed reviewer (the configured agent, or a person).</summary>
    private async Task<Review?> VerdictAsync(int number, string branch, CancellationToken cancellationToken)
    {
        var head = await HeadOfAsync(branch, cancellationToken).ConfigureAwait(false);
        var reviews = await _context.Forge.GetReviewsAsync(number, cancellationToken).ConfigureAwait(false);
        return reviews.LastOrDefault(r => r.IsVerdict && r.HeadSha == head && IsAllowed(r.Reviewer));
    }

    /// <summary>How many unreadable answers of the reviewer agent about one head fail the review.</summary>
    private const int UnreadableLimit = 2;

    /// <summary>Why the review failed when the reviewer agent answered unreadably <see cref="UnreadableLimit"/> times about the current head; else null.</summary>
    private async Task<string?> UnreadableAsync(int number, string branch, CancellationToken cancellationToken)
    {
        if (_context.Reviewer is not { } reviewer)
        {
            return null;
        }

        var head = await HeadOfAsync(branch, cancellationToken).ConfigureAwait(false);
        var reviews = await _context.Forge.GetReviewsAsync(number, cancellationToken).ConfigureAwait(false);
        var unreadable = reviews.Where(r => r.Reviewer == reviewer.Name && r.HeadSha == head && r.Kind == ReviewKind.Unreadable).ToList();
        return unreadable.Count < UnreadableLimit ? null
            : $"the reviewer agent {reviewer.Name} was asked {unreadable.Count} times about {head[..7]} and no answer was a readable verdict; the last: {unreadable[^1].Body}";
    }

    /// <summary>A person, the configured agent, or anyone a forge that keeps its own allowlist returns.</summary>
    private bool IsAllowed(string reviewer) =>
        _context.ForgeReviewsAllowlisted || reviewer.StartsWith(SpecSettings.Person, StringComparison.Ordinal) || reviewer == _context.Reviewer?.Name;

    private async Task AddressReviewAsync(AddressReview address, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var spec = _context.Spec.Name;
        var wave = state.CurrentWave;
        var tree = await WorktreeAsync(Layout.WaveWorktree(wave), address.WaveBranch, cancellationToken).ConfigureAwait(false);
        var workspace = Workspace(tree);
        var trailer = FixTrailer(spec, wave, address.Cycle);
        var target = await HeadOfAsync(state.PullRequestTarget, cancellationToken).ConfigureAwait(false);
        if (await workspace.FindCommitAsync(target, trailer, cancellationToken).ConfigureAwait(false) is { } made)
        {
            CompleteEvidence(Layout.SessionFolder(wave, $"fix-{address.Cycle}"), made.Sha);
            await PublishFixesAsync(address, tree, replied: true, cancellationToken).ConfigureAwait(false);
            await report(new ReviewFixesVerified(Now)).ConfigureAwait(false);
            return;
        }

        // The fixes start from the commit that was reviewed; an interrupted session's leftovers go to a ref.
        var reviews = await _context.Forge.GetReviewsAsync(address.PrNumber, cancellationToken).ConfigureAwait(false);
        var reviewed = reviews.LastOrDefault(r => r.Kind == ReviewKind.ChangesRequested)?.HeadSha ?? await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        if (await workspace.HeadAsync(cancellationToken).ConfigureAwait(false) != reviewed || (await workspace.ChangedPathsAsync(reviewed, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            var aside = await NextRefAsync(RefNames.SpecItem(RefNames.Interrupted, spec, $"review-{wave}-{address.Cycle}"), cancellationToken).ConfigureAwait(false);
            await workspace.SnapshotAsync(reviewed, aside, "pace: interrupted review fixes", cancellationToken).ConfigureAwait(false);
            await workspace.ResetAsync(reviewed, cancellationToken).ConfigureAwait(false);
        }

        _context.Log($"wave {wave}: an agent addresses {address.Comments.Count} blocking comment(s) of PR #{address.PrNumber} (review cycle {address.Cycle})");
        var checks = ChecksFor([.. _context.Spec.TasksOf(wave).SelectMany(t => t.Checks).Distinct(StringComparer.Ordinal)]);
        var prompt = SpecPrompts.Fix(_context.Spec, wave, address.Cycle, address.Comments, [.. checks.Select(c => c.Command)]);
        var attempt = RefNames.SpecItem(RefNames.SpecAttempts, spec, $"review-{wave}-{address.Cycle}");
        var baseline = await BaselineAsync(wave, tree, cancellationToken).ConfigureAwait(false);
        var message = $"review({spec}): address review {address.Cycle} of PR #{address.PrNumber}\n\n{trailer}";
        var item = $"review-{wave}-{address.Cycle}";
        var outcome = await WaitingOutLimitsAsync($"wave {wave}: the fixes for review {address.Cycle}", () => RunVerifiedSessionAsync(
            tree, reviewed, prompt, checks, Layout.SessionFolder(wave, $"fix-{address.Cycle}"), item, baseline, message, attempt, cancellationToken,
            interruptedPrefix: RefNames.SpecItem(RefNames.Interrupted, spec, item)), cancellationToken).ConfigureAwait(false);
        if (outcome.Passed)
        {
            await PublishFixesAsync(address, tree, replied: false, cancellationToken).ConfigureAwait(false);
        }

        await report(outcome.Passed
            ? new ReviewFixesVerified(Now)
            : new ReviewFixesFailed(Now, $"the fixes for review {address.Cycle} of PR #{address.PrNumber} failed verification: {string.Join("; ", outcome.Reasons)} (attempt kept on {outcome.AttemptRef})")).ConfigureAwait(false);
    }

    /// <summary>
    /// The verified fixes go to the forge's wave branch; each blocking comment with a thread gets a reply
    /// (not again when <paramref name="replied"/>: an interrupted run found the fixes already made).
    /// </summary>
    private async Task PublishFixesAsync(AddressReview address, string tree, bool replied, CancellationToken cancellationToken)
    {
        var head = await Workspace(tree).HeadAsync(cancellationToken).ConfigureAwait(false);
        await _context.Forge.PublishAsync(address.WaveBranch, head, cancellationToken).ConfigureAwait(false);
        if (replied)
        {
            return;
        }

        var reviews = await _context.Forge.GetReviewsAsync(address.PrNumber, cancellationToken).ConfigureAwait(false);
        var threads = reviews.LastOrDefault(r => r.Kind == ReviewKind.ChangesRequested)?.Blocking.Where(c => c.Id is not null) ?? [];
        foreach (var comment in threads)
        {
            await _context.Forge.ReplyAsync(address.PrNumber, comment, $"Addressed in {head[..7]} (review cycle {address.Cycle}); Pace verified it.", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> HeadOfAsync(string branch, CancellationToken cancellationToken) =>
        await _context.Repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"branch {branch} does not exist");
}
