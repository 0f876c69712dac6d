namespace Pace.Core.Git;

/// <summary>What merging two commits' trees gave, without a worktree or a commit: a tree, or the conflicted paths.</summary>
public abstract record TreeMerge
{
    private TreeMerge()
    {
    }

    /// <summary>The merge is clean; <paramref name="Tree"/> is the merged tree object.</summary>
    public sealed record Clean(string Tree) : TreeMerge;

    /// <summary>The merge conflicts in these paths (sorted, relative to the repository root).</summary>
    public sealed record Conflict(IReadOnlyList<string> Paths) : TreeMerge;
}
