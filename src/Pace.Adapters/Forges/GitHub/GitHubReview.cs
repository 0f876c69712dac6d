namespace Pace.Adapters.Forges.GitHub;

public enum GitHubReviewKind
{
    Approved,
    ChangesRequested,
    Commented,

    /// <summary>A comment that a configured rule should have read as a verdict but could not; never an approval.</summary>
    Unreadable,
}

/// <summary>Something the reviewer wants changed. <see cref="CommentId"/> is the review thread Pace replies on once it is addressed.</summary>
public sealed record GitHubReviewComment(string Text, string? File = null, int? Line = null, long? CommentId = null);

/// <summary>
/// One review or comment from an allowed reviewer, given on <see cref="HeadSha"/> (empty when it
/// predates the head commit, so it says nothing about it). <see cref="Source"/> is "review" or "comment".
/// </summary>
public sealed record GitHubReview(
    string Reviewer,
    GitHubReviewKind Kind,
    string Body,
    IReadOnlyList<GitHubReviewComment> Blocking,
    string HeadSha,
    DateTimeOffset At,
    string Source)
{
    public bool IsVerdict => Kind is GitHubReviewKind.Approved or GitHubReviewKind.ChangesRequested;
}

/// <summary>A review or comment from someone not on the allowlist: recorded, never given to an agent.</summary>
public sealed record IgnoredFeedback(string Author, string Source, long Id, DateTimeOffset At);

/// <summary>Everything said on a pull request, split into what counts and what was ignored.</summary>
public sealed record GitHubFeedback(IReadOnlyList<GitHubReview> Reviews, IReadOnlyList<IgnoredFeedback> Ignored)
{
    /// <summary>
    /// The verdict on <paramref name="headSha"/>: each reviewer's latest verdict on that commit counts;
    /// one request for changes outweighs any approvals (their blocking comments are joined). Null while
    /// no allowed reviewer has given a verdict on it.
    /// </summary>
    public GitHubReview? VerdictOn(string headSha)
    {
        var latest = Reviews
            .Where(r => r.IsVerdict && r.HeadSha == headSha)
            .GroupBy(r => r.Reviewer, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(r => r.At).Last())
            .ToList();
        var changes = latest.Where(r => r.Kind == GitHubReviewKind.ChangesRequested).ToList();
        if (changes.Count == 0)
        {
            return latest.OrderBy(r => r.At).LastOrDefault();
        }

        var last = changes.OrderBy(r => r.At).Last();
        return last with
        {
            Reviewer = string.Join(", ", changes.Select(r => r.Reviewer)),
            Body = string.Join("\n\n", changes.Select(r => r.Body).Where(b => b.Length > 0)),
            Blocking = [.. changes.SelectMany(r => r.Blocking)],
        };
    }
}
