namespace Pace.Core.Git;

/// <summary>
/// One registered worktree. <paramref name="Branch"/> is the short name of the checked-out branch
/// (null when detached); <paramref name="Prunable"/> means its folder is gone and git may forget it.
/// </summary>
public sealed record WorktreeInfo(string Path, string? Head, string? Branch, bool IsMain, bool Prunable);

