using Pace.Core.Git;

namespace Pace.Core.Ports;

/// <summary>
/// A git working tree that Pace drives: the feature loop's tree, or one worktree of a wave.
/// Every method is safe to call again after a crash (idempotent where it changes anything).
/// Paths are relative to <see cref="Root"/> with forward slashes.
/// </summary>
public interface IWorkspace
{
    string Root { get; }

    Task<string> HeadAsync(CancellationToken cancellationToken);

    /// <summary>The checked-out branch, or null on a detached HEAD.</summary>
    Task<string?> CurrentBranchAsync(CancellationToken cancellationToken);

    /// <summary>Every path that differs between <paramref name="baseCommit"/> and the working tree: committed since, staged, unstaged or untracked (ignored files excluded).</summary>
    Task<IReadOnlyList<string>> ChangedPathsAsync(string baseCommit, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="HeadAsync"/>, <see cref="CurrentBranchAsync"/> and <see cref="ChangedPathsAsync"/>
    /// at once (one look at the tree instead of three).
    /// </summary>
    Task<WorkspaceStatus> StatusAsync(string baseCommit, CancellationToken cancellationToken);

    Task<DiffStats> DiffStatsAsync(string baseCommit, CancellationToken cancellationToken);

    /// <summary>The lines the working tree adds to <paramref name="baseCommit"/> (untracked files included, ignored and binary ones excluded): what a commit of it would add.</summary>
    Task<IReadOnlyList<AddedLine>> AddedLinesAsync(string baseCommit, CancellationToken cancellationToken);

    /// <summary>The patch from <paramref name="baseCommit"/> to the working tree (untracked files included, ignored excluded, binary files named only): what the evaluator reads.</summary>
    Task<string> DiffAsync(string baseCommit, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the working tree as it is (untracked files included, ignored excluded) as a commit on
    /// <paramref name="refName"/>, leaving HEAD, the index and the files untouched. Returns the commit,
    /// or null when the tree equals <paramref name="baseCommit"/>. A file that would add a secret
    /// the redactor knows is stored redacted (a failed attempt keeps its work, not the secret).
    /// </summary>
    Task<string?> SnapshotAsync(string baseCommit, string refName, string message, CancellationToken cancellationToken);

    /// <summary>Points HEAD at <paramref name="branch"/> (refs/heads/...) again, leaving the index and the files as they are: undoes an agent's checkout of another branch or a detached HEAD.</summary>
    Task AttachAsync(string branch, CancellationToken cancellationToken);

    /// <summary>Moves HEAD (the branch) back to <paramref name="commit"/> and makes the index and tree match it; untracked files go, ignored files stay.</summary>
    Task ResetAsync(string commit, CancellationToken cancellationToken);

    /// <summary>Checks out <paramref name="commit"/> on a detached HEAD, discarding changes and untracked files (ignored files stay); no branch moves.</summary>
    Task DetachAsync(string commit, CancellationToken cancellationToken);

    /// <summary>Moves the branch back to <paramref name="commit"/> keeping every file as it is: commits made since become uncommitted changes.</summary>
    Task UncommitAsync(string commit, CancellationToken cancellationToken);

    /// <summary>Makes the given paths as they are in <paramref name="commit"/> (deleting those it lacks), in the tree and the index.</summary>
    Task RestorePathsAsync(string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>Stages everything and commits; returns the new commit.</summary>
    Task<string> CommitAllAsync(string message, CancellationToken cancellationToken);

    /// <summary>
    /// Stages everything and replaces HEAD's commit with one that holds it, with the same parents and
    /// message; returns the new commit. On a detached HEAD no branch moves.
    /// </summary>
    Task<string> AmendAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies the changes <paramref name="commit"/> made to its parent onto the tree and index,
    /// committing nothing. False when they do not apply cleanly: the tree then holds a partial
    /// application, which the caller resets.
    /// </summary>
    Task<bool> ApplyAsync(string commit, CancellationToken cancellationToken);

    /// <summary>The latest commits reachable from HEAD, newest first.</summary>
    Task<IReadOnlyList<CommitInfo>> LogAsync(int max, CancellationToken cancellationToken);

    /// <summary>The newest commit after <paramref name="sinceCommit"/> (exclusive) up to HEAD whose message contains <paramref name="text"/>.</summary>
    Task<CommitInfo?> FindCommitAsync(string sinceCommit, string text, CancellationToken cancellationToken);
}
