namespace Pace.Adapters.Specs;

/// <summary>Pace's own worktrees of a spec run (a wave's, a review's), made when missing.</summary>
internal static class WaveTrees
{
    /// <summary>
    /// The worktree of <paramref name="branch"/> at <paramref name="path"/>, made if missing. A wave's
    /// worktree is where the merge queue checks out its candidate on a detached HEAD; a run killed
    /// before the queue put it back on the branch finds it detached, and puts it back here first (its
    /// files then are the branch's: whatever the queue had checked out goes).
    /// </summary>
    public static async Task<string> OpenAsync(WaveContext context, string path, string branch, CancellationToken cancellationToken)
    {
        // A .git file marks a worktree of its own; without it git would answer for the repository around it.
        if (File.Exists(Path.Combine(path, ".git")))
        {
            var workspace = new Git.GitCliWorkspace(path, context.GitEnvironment);
            if (await workspace.CurrentBranchAsync(cancellationToken).ConfigureAwait(false) is null
                && !await workspace.MergingAsync(cancellationToken).ConfigureAwait(false))
            {
                context.Log($"{path}: back on {branch} (a merge into it was interrupted)");
                await workspace.AttachAsync(branch, cancellationToken).ConfigureAwait(false);
                await workspace.ResetAsync("HEAD", cancellationToken).ConfigureAwait(false);
            }
        }

        await context.Repository.AddWorktreeAsync(path, branch, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
