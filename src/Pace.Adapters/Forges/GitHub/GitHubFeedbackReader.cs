namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// Turns GitHub's reviews, review comments and issue comments into <see cref="GitHubFeedback"/>.
/// Only logins on the allowlist count (compared whole, never by a word in them). A plain comment is
/// a verdict only through a rule configured for its author. What Pace itself posted (as
/// <c>self</c>) is neither counted nor ignored, unless that login is an allowed reviewer.
/// </summary>
internal static class GitHubFeedbackReader
{
    public static GitHubFeedback Read(
        GitHubSettings settings,
        IReadOnlyList<WireReview> reviews,
        IReadOnlyList<WireReviewComment> reviewComments,
        IReadOnlyList<WireIssueComment> issueComments,
        string headSha,
        DateTimeOffset? headArrivedAt,
        string? self = null)
    {
        var counted = new List<GitHubReview>();
        var ignored = new List<IgnoredFeedback>();
        bool Stranger(string? login) => !settings.IsReviewer(login) && !string.Equals(login, self ?? "", StringComparison.OrdinalIgnoreCase);
        foreach (var review in reviews.Where(r => r.State != "PENDING"))
        {
            var login = review.User?.Login ?? "ghost";
            var at = review.SubmittedAt ?? DateTimeOffset.MinValue;
            if (!settings.IsReviewer(login))
            {
                if (Stranger(login))
                {
                    ignored.Add(new IgnoredFeedback(login, "review", review.Id, at));
                }

                continue;
            }

            counted.Add(FromReview(review, login, at, reviewComments));
        }

        ignored.AddRange(reviewComments
            .Where(c => Stranger(c.User?.Login))
            .Select(c => new IgnoredFeedback(c.User?.Login ?? "ghost", "review comment", c.Id, c.CreatedAt)));

        foreach (var comment in issueComments)
        {
            var login = comment.User?.Login ?? "ghost";
            if (!settings.IsReviewer(login))
            {
                if (Stranger(login))
                {
                    ignored.Add(new IgnoredFeedback(login, "comment", comment.Id, comment.CreatedAt));
                }

                continue;
            }

            // A comment carries no commit: it speaks of the head only if GitHub made it after it had the head (both GitHub's clock).
            var on = headArrivedAt is not { } arrived || comment.CreatedAt >= arrived ? headSha : "";
            var body = comment.Body ?? "";
            counted.Add(settings.CommentRuleFor(login) is { } rule
                ? CommentVerdictParser.Parse(rule, login, body, on, comment.CreatedAt)
                : new GitHubReview(login, GitHubReviewKind.Commented, body, [], on, comment.CreatedAt, "comment"));
        }

        return new GitHubFeedback([.. counted.OrderBy(r => r.At)], [.. ignored.OrderBy(i => i.At)]);
    }

    private static GitHubReview FromReview(WireReview review, string login, DateTimeOffset at, IReadOnlyList<WireReviewComment> comments)
    {
        var body = review.Body ?? "";
        var kind = review.State switch
        {
            "APPROVED" => GitHubReviewKind.Approved,
            "CHANGES_REQUESTED" => GitHubReviewKind.ChangesRequested,
            _ => GitHubReviewKind.Commented,
        };
        var threads = comments
            .Where(c => c.PullRequestReviewId == review.Id && c.InReplyToId is null)
            .Select(c => new GitHubReviewComment(c.Body, c.Path, c.Line ?? c.OriginalLine, c.Id))
            .ToList();
        var blocking = kind == GitHubReviewKind.ChangesRequested
            ? (body.Trim().Length > 0 ? [new GitHubReviewComment(body.Trim()), .. threads] : threads)
            : [];
        return new GitHubReview(login, kind, body, blocking, review.CommitId ?? "", at, "review");
    }
}
