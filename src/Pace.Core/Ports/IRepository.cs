using Pace.Core.Git;

namespace Pace.Core.Ports;

/// <summary>
/// The repository as a whole, for spec execution: branches, worktrees, merges and refs. Branch names
/// are short (<c>feature/x</c>), ref names full (<c>refs/pace/attempts/3/1</c>). Every method that
/// changes something can be called again after a crash and gives the same result without doing the
/// work twice.
/// </summary>
public interface IRepository
{
    /// <summary>The main worktree's folder.</summary>
    string Root { get; }

    Task<bool> BranchExistsAsync(string branch, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="branch"/> at <paramref name="startPoint"/>; returns false (and leaves it where it is) when it already exists.</summary>
    Task<bool> CreateBranchAsync(string branch, string startPoint, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the branch, merged or not; returns false when it does not exist. Throws
    /// <see cref="ProtectedBranchException"/> for main, master and any branch checked out in a worktree.
    /// </summary>
    Task<bool> DeleteBranchAsync(string branch, CancellationToken cancellationToken);

    /// <summary>
    /// Checks out the existing <paramref name="branch"/> in a new worktree at <paramref name="path"/>.
    /// A worktree already there on that branch is reused; a registration whose folder is gone is pruned first;
    /// one whose add never finished (killed mid-way: git's lock "initializing") is removed and added again.
    /// </summary>
    Task<WorktreeInfo> AddWorktreeAsync(string path, string branch, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the worktree at <paramref name="path"/>, discarding its uncommitted changes (its branch
    /// stays), and lifting a lock on it: pass only worktrees Pace made. Nothing happens when there is none.
    /// </summary>
    Task RemoveWorktreeAsync(string path, CancellationToken cancellationToken);

    /// <summary>Every registered worktree, the main one first.</summary>
    Task<IReadOnlyList<WorktreeInfo>> ListWorktreesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds the changes of <paramref name="source"/> (since its merge base with <paramref name="target"/>)
    /// to <paramref name="target"/> as one commit with <paramref name="message"/> and a trailer naming
    /// the source commit. Needs no worktree; a worktree that has <paramref name="target"/> checked out
    /// is moved forward with it. A squash already applied returns its commit again. Conflicts leave
    /// everything unchanged.
    /// </summary>
    Task<MergeOutcome> SquashMergeAsync(string source, string target, string message, CancellationToken cancellationToken);

    /// <summary>
    /// The tree that merging <paramref name="theirs"/> into <paramref name="ours"/> gives, or the paths
    /// that conflict. Needs no worktree; no ref moves (only new objects are written).
    /// </summary>
    Task<TreeMerge> MergeTreeAsync(string ours, string theirs, CancellationToken cancellationToken);

    /// <summary>
    /// A new commit of <paramref name="tree"/> with these parents and <paramref name="message"/>; no ref
    /// moves. With <paramref name="squashOf"/> the message ends with the squash trailer naming that
    /// commit (what <see cref="FindSquashAsync"/> looks for).
    /// </summary>
    Task<string> CommitTreeAsync(string tree, IReadOnlyList<string> parents, string message, string? squashOf, CancellationToken cancellationToken);

    /// <summary>The newest commit reachable from <paramref name="target"/> whose squash trailer names the commit <paramref name="source"/>, or null.</summary>
    Task<string?> FindSquashAsync(string source, string target, CancellationToken cancellationToken);

    /// <summary>
    /// The commit on <paramref name="target"/>'s first-parent line that brought <paramref name="source"/>
    /// in: a merge commit with it as a parent, or the source itself when it was fast-forwarded
    /// (<paramref name="target"/> when it came in another way). Null when target does not contain source.
    /// </summary>
    Task<string?> FindMergeAsync(string source, string target, CancellationToken cancellationToken);

    Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken);

    /// <summary>The commits of <paramref name="commits"/> that no other of them contains (their tips), each once.</summary>
    Task<IReadOnlyList<string>> IndependentAsync(IReadOnlyList<string> commits, CancellationToken cancellationToken);

    /// <summary>The commit <paramref name="revision"/> names, or null when it names none.</summary>
    Task<string?> ResolveAsync(string revision, CancellationToken cancellationToken);

    /// <summary>The refs under <paramref name="prefix"/> (for example <c>refs/pace/attempts/3/</c>), sorted by name.</summary>
    Task<IReadOnlyList<GitRef>> ListRefsAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Points <paramref name="refName"/> at the commit <paramref name="revision"/> names, creating it if needed.</summary>
    Task UpdateRefAsync(string refName, string revision, CancellationToken cancellationToken);

    /// <summary>
    /// Moves <paramref name="refName"/> to <paramref name="commit"/> only if it still points at
    /// <paramref name="expected"/>; returns false, changing nothing, when someone moved it meanwhile.
    /// A ref already at <paramref name="commit"/> (a repeated call) returns true.
    /// </summary>
    Task<bool> CompareAndSwapRefAsync(string refName, string commit, string expected, CancellationToken cancellationToken);

    /// <summary>Deletes the ref; nothing happens when it does not exist. Branches go through the same protection as <see cref="DeleteBranchAsync"/>.</summary>
    Task DeleteRefAsync(string refName, CancellationToken cancellationToken);
}
