namespace Pace.Core.Git;

/// <summary>
/// One registered worktree. <paramref name="Branch"/> is the short name of the checked-out branch
/// (null when detached); <paramref name="Prunable"/> means its folder is gone and git may forget it.
/// </summary>
public sealed record WorktreeInfo(string Path, string? Head, string? Branch, bool IsMain, bool Prunable)
{
    /// <summary>Git's reason for a lock ("" when none was given); null when the worktree is not locked.</summary>
    public string? LockReason { get; init; }

    public bool Locked => LockReason is not null;

    /// <summary>
    /// Locked by a <c>git worktree add</c> that never finished (git locks a new worktree with this reason
    /// while it checks the files out, and unlocks it at the end): its checkout may be partial.
    /// </summary>
    public bool AddUnfinished => LockReason == "initializing";
}
