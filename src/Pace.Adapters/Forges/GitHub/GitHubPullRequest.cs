namespace Pace.Adapters.Forges.GitHub;

public enum GitHubPullRequestState
{
    Open,
    Merged,
    Closed,
}

/// <summary>A pull request as Pace needs it: <see cref="HeadSha"/> is the commit its head branch points at now.</summary>
public sealed record GitHubPullRequest(int Number, string Url, string Head, string Base, string Title, GitHubPullRequestState State, string HeadSha)
{
    /// <summary>The squash commit on <see cref="Base"/>, once merged.</summary>
    public string? MergeCommit { get; init; }

    internal static GitHubPullRequest From(WirePull pull) =>
        new(
            pull.Number,
            pull.HtmlUrl,
            pull.Head.Ref,
            pull.Base.Ref,
            pull.Title,
            pull.Merged == true || pull.MergedAt is not null ? GitHubPullRequestState.Merged
                : pull.State == "open" ? GitHubPullRequestState.Open
                : GitHubPullRequestState.Closed,
            pull.Head.Sha)
        {
            MergeCommit = pull.Merged == true || pull.MergedAt is not null ? pull.MergeCommitSha : null,
        };
}

/// <summary>One task of a wave as its pull request's body lists it: what it was and what Pace saw.</summary>
public sealed record WaveTaskSummary(string Id, string Description, string Evidence);
