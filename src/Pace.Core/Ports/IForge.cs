using Pace.Core.Forge;

namespace Pace.Core.Ports;

/// <summary>
/// Where pull requests live: the local forge (files under .pace/forge/) or a hosted one. Every method
/// that changes something can be called again after a crash: a pull request is found by its head
/// branch before one is opened, and a merge already done reports its commit again.
/// </summary>
public interface IForge
{
    /// <summary>The open pull request from <see cref="PullRequestDraft.Head"/> into its base, or a new one.</summary>
    Task<PullRequest> OpenOrFindAsync(PullRequestDraft draft, CancellationToken cancellationToken);

    Task<PullRequest?> GetAsync(int number, CancellationToken cancellationToken);

    /// <summary>Every review of the pull request, oldest first (comments and unreadable reviews included).</summary>
    Task<IReadOnlyList<Review>> GetReviewsAsync(int number, CancellationToken cancellationToken);

    Task PostReviewAsync(int number, Review review, CancellationToken cancellationToken);

    /// <summary>
    /// Squash-merges the pull request into its base, but only if its head branch is at
    /// <paramref name="expectedHeadSha"/> (the commit that was reviewed and verified).
    /// </summary>
    Task<ForgeMergeResult> MergeAsync(int number, string expectedHeadSha, string message, CancellationToken cancellationToken);

    Task CloseAsync(int number, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the forge's <paramref name="branch"/> point at <paramref name="sha"/> (a push), or removes
    /// it when <paramref name="sha"/> is null. Doing it again changes nothing. The local forge shares
    /// the repository, so it does nothing.
    /// </summary>
    Task PublishAsync(string branch, string? sha, CancellationToken cancellationToken);

    /// <summary>Answers a blocking comment that Pace addressed, when the forge knows it (<see cref="ReviewComment.Id"/>); otherwise nothing.</summary>
    Task ReplyAsync(int number, ReviewComment comment, string body, CancellationToken cancellationToken);
}
