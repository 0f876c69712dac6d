namespace Pace.Core.Forge;

public enum PullRequestStatus
{
    Open,
    Merged,
    Closed,
}

/// <summary>A pull request as a forge keeps it. <see cref="Url"/> is where a person looks at it.</summary>
public sealed record PullRequest(int Number, string Url, string Head, string Base, string Title, PullRequestStatus Status)
{
    /// <summary>The commit the merge made on <see cref="Base"/>, once merged.</summary>
    public string? MergeCommit { get; init; }
}

/// <summary>What Pace asks a forge to open: head branch into base branch, with a title and a body (the tasks and their evidence).</summary>
public sealed record PullRequestDraft(string Head, string Base, string Title, string Body);

/// <summary>What a squash merge through the forge did; a moved head or a conflict is a value, not an exception.</summary>
public abstract record ForgeMergeResult
{
    private ForgeMergeResult()
    {
    }

    /// <summary>Merged (now or earlier): <paramref name="Commit"/> is the squash commit on the base branch.</summary>
    public sealed record Merged(string Commit) : ForgeMergeResult;

    /// <summary>The head branch is not at the commit that was reviewed; nothing was merged.</summary>
    public sealed record HeadMoved(string Expected, string Actual) : ForgeMergeResult;

    /// <summary>The head does not apply to the base cleanly; nothing was merged.</summary>
    public sealed record Conflict(IReadOnlyList<string> Paths) : ForgeMergeResult;

    /// <summary>The pull request is closed, or the forge refused for another reason.</summary>
    public sealed record Refused(string Reason) : ForgeMergeResult;
}
