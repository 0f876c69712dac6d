using Pace.Adapters.Git;
using Pace.Core.Forge;
using Pace.Core.Ports;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// Spec execution's forge on GitHub (<c>--forge github</c>): a thin binding of <see cref="IForge"/>
/// over <see cref="GitHubForge"/>. Reviews are only those of allowlisted reviewers (the rest is
/// logged as ignored); the verdict on the head counts as GitHub counts it (one request for changes
/// outweighs approvals). After a merge the base branch is fetched and the local one fast-forwarded,
/// so the next wave starts from what GitHub merged.
/// </summary>
public sealed class GitHubSpecForge : IForge
{
    private readonly GitHubForge _forge;
    private readonly IRepository _repository;
    private readonly string _repositoryRoot;
    private readonly Action<string> _log;
    private readonly IgnoredFeedbackLog _ignored;
    private readonly HashSet<string> _gone = new(StringComparer.Ordinal);

    public GitHubSpecForge(GitHubForge forge, IRepository repository, string repositoryRoot, Action<string>? log = null)
    {
        _forge = forge;
        _repository = repository;
        _repositoryRoot = repositoryRoot;
        _log = log ?? (_ => { });
        _ignored = new IgnoredFeedbackLog(_log);
    }

    public async Task<PullRequest> OpenOrFindAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return ToPullRequest(await _forge.OpenOrFindAsync(draft.Head, draft.Base, draft.Title, draft.Body, cancellationToken).ConfigureAwait(false));
    }

    public async Task<PullRequest?> GetAsync(int number, CancellationToken cancellationToken) =>
        await _forge.GetAsync(number, cancellationToken).ConfigureAwait(false) is { } pull ? ToPullRequest(pull) : null;

    /// <summary>Allowlisted reviews, oldest first, with the verdict on the current head (GitHub's way of counting) last.</summary>
    public async Task<IReadOnlyList<Review>> GetReviewsAsync(int number, CancellationToken cancellationToken)
    {
        var (pull, feedback) = await _forge.GetFeedbackAsync(number, cancellationToken).ConfigureAwait(false);
        _ignored.Show(number, feedback.Ignored);

        var reviews = feedback.Reviews.Where(r => !(r.IsVerdict && r.HeadSha == pull.HeadSha)).Select(ToReview).ToList();
        if (feedback.VerdictOn(pull.HeadSha) is { } verdict)
        {
            reviews.Add(ToReview(verdict));
        }

        return reviews;
    }

    /// <summary>A review Pace has to give (a reviewer agent's findings) becomes a comment on the pull request.</summary>
    public Task PostReviewAsync(int number, Review review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(review);
        var blocking = string.Concat(review.Blocking.Select(c => $"\n- {c}"));
        return _forge.CommentAsync(number, $"{review.Reviewer}: {review.Kind}\n\n{review.Body}{blocking}", cancellationToken);
    }

    public async Task<ForgeMergeResult> MergeAsync(int number, string expectedHeadSha, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var lines = message.Split('\n', 2);
        var result = await _forge.MergeAsync(number, expectedHeadSha, lines[0], lines.Length > 1 ? lines[1].Trim() : "", cancellationToken).ConfigureAwait(false);
        switch (result)
        {
            case GitHubMergeResult.Merged merged:
                var pull = await _forge.GetAsync(number, cancellationToken).ConfigureAwait(false);
                if (pull is not null)
                {
                    if (merged.BranchDeleted)
                    {
                        lock (_gone)
                        {
                            _gone.Add(pull.Head);
                        }
                    }

                    await SyncAsync(pull.Base, merged.Commit, cancellationToken).ConfigureAwait(false);
                }

                return new ForgeMergeResult.Merged(merged.Commit);
            case GitHubMergeResult.HeadMoved moved:
                return new ForgeMergeResult.HeadMoved(moved.Expected, moved.Actual);
            case GitHubMergeResult.NotMergeable not:
                return new ForgeMergeResult.Refused($"GitHub cannot merge PR #{number}: {not.Message}");
            case GitHubMergeResult.ChecksFailed failed:
                var details = failed.Details.Count > 0 ? failed.Details : failed.Checks;
                return new ForgeMergeResult.Refused($"{(details.Count == 1 ? "a check" : $"{details.Count} checks")} failed on GitHub, so nothing was merged: {string.Join("; ", details)}");
            case GitHubMergeResult.ChecksPending pending:
                return new ForgeMergeResult.Refused($"PR #{number}: checks still pending on GitHub: {string.Join(", ", pending.Checks)}");
            case GitHubMergeResult.Refused refused:
                return new ForgeMergeResult.Refused(refused.Reason);
            default:
                throw new InvalidOperationException($"unexpected merge result {result}");
        }
    }

    public Task CloseAsync(int number, CancellationToken cancellationToken) => _forge.CloseAsync(number, cancellationToken);

    /// <summary>
    /// Pushes <paramref name="sha"/> to <paramref name="branch"/> (never forced), or deletes the branch on
    /// GitHub when null: not at all when this run's merge deleted it already, and only after looking
    /// when it may never have been pushed (task branches stay local). A branch GitHub will not delete
    /// is reported as one cleanup could not remove, with GitHub's reason.
    /// </summary>
    public async Task PublishAsync(string branch, string? sha, CancellationToken cancellationToken)
    {
        if (sha is not null)
        {
            await _forge.PushAsync(sha, branch, cancellationToken).ConfigureAwait(false);
            lock (_gone)
            {
                _gone.Remove(branch);
            }

            return;
        }

        lock (_gone)
        {
            if (_gone.Contains(branch))
            {
                return;
            }
        }

        try
        {
            await _forge.DeleteBranchAsync(branch, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException e)
        {
            throw new Core.Git.ProtectedBranchException(e.Message, e);
        }

        lock (_gone)
        {
            _gone.Add(branch);
        }
    }

    public Task ReplyAsync(int number, ReviewComment comment, string body, CancellationToken cancellationToken) =>
        comment?.Id is { } id ? _forge.ReplyAsync(number, id, body, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Fetches <paramref name="branch"/> and moves the local branch to GitHub's merge commit when that
    /// is a fast-forward (with its files where it is checked out); otherwise it is left alone and said so.
    /// </summary>
    private async Task SyncAsync(string branch, string mergeCommit, CancellationToken cancellationToken)
    {
        var remote = await _forge.FetchAsync(branch, cancellationToken).ConfigureAwait(false);
        var target = mergeCommit.Length > 0 ? mergeCommit : remote;
        var local = await _repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
        if (local is null)
        {
            await _repository.CreateBranchAsync(branch, target, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (local == target || await _repository.IsAncestorAsync(target, local, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (!await _repository.IsAncestorAsync(local, target, cancellationToken).ConfigureAwait(false))
        {
            _log($"the local {branch} has commits GitHub's {branch} lacks; it stays at {local[..7]} (GitHub merged into {target[..7]})");
            return;
        }

        var worktrees = await _repository.ListWorktreesAsync(cancellationToken).ConfigureAwait(false);
        if (worktrees.FirstOrDefault(w => w.Branch == branch && !w.Prunable) is { } holder)
        {
            await new GitCli(holder.Path, null).RunAsync(["merge", "--quiet", "--ff-only", target], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _repository.UpdateRefAsync("refs/heads/" + branch, target, cancellationToken).ConfigureAwait(false);
        }

        _log($"{branch} fast-forwarded to GitHub's merge {target[..7]} in {_repositoryRoot}");
    }

    private static PullRequest ToPullRequest(GitHubPullRequest pull) =>
        new(pull.Number, pull.Url, pull.Head, pull.Base, pull.Title, pull.State switch
        {
            GitHubPullRequestState.Merged => PullRequestStatus.Merged,
            GitHubPullRequestState.Closed => PullRequestStatus.Closed,
            _ => PullRequestStatus.Open,
        })
        { MergeCommit = pull.MergeCommit };

    private static Review ToReview(GitHubReview review) =>
        new(
            review.Reviewer,
            review.Kind switch
            {
                GitHubReviewKind.Approved => ReviewKind.Approved,
                GitHubReviewKind.ChangesRequested => ReviewKind.ChangesRequested,
                GitHubReviewKind.Commented => ReviewKind.Commented,
                _ => ReviewKind.Unreadable,
            },
            review.Body,
            [.. review.Blocking.Select(c => new ReviewComment(c.Text, c.File, c.Line) { Id = c.CommentId })],
            [],
            review.HeadSha,
            review.At);
}
