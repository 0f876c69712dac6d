namespace Pace.Core.Git;

/// <summary>What a merge did. A conflict is an expected outcome, so it is a value, not an exception.</summary>
public abstract record MergeOutcome
{
    private MergeOutcome()
    {
    }

    /// <summary>The branch was merged; <paramref name="Commit"/> is the commit the target now points at.</summary>
    public sealed record Merged(string Commit) : MergeOutcome;

    /// <summary>There was nothing to merge: the target already has every change of the source.</summary>
    public sealed record AlreadyUpToDate : MergeOutcome;

    /// <summary>The merge stopped on conflicts in these paths (sorted, relative to the worktree).</summary>
    public sealed record Conflict(IReadOnlyList<string> Paths) : MergeOutcome;
}
