namespace Pace.Adapters.Forges.GitHub;

/// <summary>What a merge through GitHub did. Everything but Merged means nothing was merged; none of them is an exception.</summary>
public abstract record GitHubMergeResult
{
    private GitHubMergeResult()
    {
    }

    /// <summary>Merged (now or before): <paramref name="Commit"/> is the squash commit on the base branch.</summary>
    public sealed record Merged(string Commit, bool BranchDeleted) : GitHubMergeResult;

    /// <summary>The head branch is not at the commit that was reviewed (a 409, or seen before asking).</summary>
    public sealed record HeadMoved(string Expected, string Actual) : GitHubMergeResult;

    /// <summary>GitHub cannot merge it (405: conflicts, or a rule of the base branch).</summary>
    public sealed record NotMergeable(string Message) : GitHubMergeResult;

    /// <summary>A required check of the head commit failed; <see cref="Details"/> says how each ended and where its output is.</summary>
    public sealed record ChecksFailed(IReadOnlyList<string> Checks) : GitHubMergeResult
    {
        public IReadOnlyList<string> Details { get; init; } = [];
    }

    /// <summary>Required checks were still pending when the wait for them ran out.</summary>
    public sealed record ChecksPending(IReadOnlyList<string> Checks) : GitHubMergeResult;

    /// <summary>The pull request is closed or missing, or GitHub refused for another reason.</summary>
    public sealed record Refused(string Reason) : GitHubMergeResult;
}
