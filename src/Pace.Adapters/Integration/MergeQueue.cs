using System.Diagnostics.CodeAnalysis;
using Pace.Core.Git;
using Pace.Core.Integration;
using Pace.Core.Ports;

namespace Pace.Adapters.Integration;

/// <summary>
/// Brings results onto an integration branch one at a time. The branch is checked out in a worktree
/// the queue owns (<paramref name="worktree"/>, made by the caller); it only ever moves, by a
/// compare-and-swap, to a commit whose tree passed the item's checks, so it is never red and never
/// half-merged, and a kill at any moment leaves it where it was or at the new checked commit. The
/// worktree may be left detached or dirty by a kill: every call puts it right first.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A merge queue is the name the issue and the docs use for this piece; it is no collection.")]
public sealed class MergeQueue(IRepository repository, IWorkspace worktree, string branch) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public string Branch => branch;

    /// <summary>
    /// Integrates <paramref name="item"/>, or says why not (a conflict, red checks: the source is then
    /// kept on the item's ref). Callers may come at once; they are served one after the other. Calling
    /// again with an item already on the branch changes nothing and returns its commit.
    /// </summary>
    public async Task<IntegrationOutcome> IntegrateAsync(IntegrationItem item, CancellationToken cancellationToken)
    {
        if (item.BeforeCommit is not null && item.Style != IntegrationStyle.Squash)
        {
            throw new ArgumentException($"item {item.Id}: only a squash can take edits before its commit (a merge would stop being a fast-forward)", nameof(item));
        }

        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var source = await repository.ResolveAsync(item.Source, cancellationToken).ConfigureAwait(false)
                ?? throw new ArgumentException($"item {item.Id}: '{item.Source}' names no commit", nameof(item));
            while (true)
            {
                // Null: someone outside this queue moved the branch during the checks; integrate on their commit instead.
                if (await AttemptAsync(item, source, cancellationToken).ConfigureAwait(false) is { } outcome)
                {
                    return outcome;
                }
            }
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();

    /// <summary>
    /// A queue's worktree, made if missing. A queue killed between checking out its candidate and
    /// putting the worktree back on the branch leaves it on a detached HEAD, which git would not
    /// reopen for the branch: it is put back on the branch first, its files the branch's.
    /// </summary>
    public static async Task OpenWorktreeAsync(IRepository repository, IWorkspace worktree, string branch, CancellationToken cancellationToken)
    {
        var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(worktree.Root));
        var listed = await repository.ListWorktreesAsync(cancellationToken).ConfigureAwait(false);
        if (listed.Any(w => w.Branch is null && !w.Prunable && Path.TrimEndingDirectorySeparator(Path.GetFullPath(w.Path)) == path))
        {
            await worktree.AttachAsync(branch, cancellationToken).ConfigureAwait(false);
            await worktree.ResetAsync("HEAD", cancellationToken).ConfigureAwait(false);
        }

        await repository.AddWorktreeAsync(worktree.Root, branch, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IntegrationOutcome?> AttemptAsync(IntegrationItem item, string source, CancellationToken cancellationToken)
    {
        var before = await RecoverAsync(cancellationToken).ConfigureAwait(false);
        var squash = item.Style == IntegrationStyle.Squash;
        var integrated = squash
            ? await repository.FindSquashAsync(source, before, cancellationToken).ConfigureAwait(false)
            : await repository.FindMergeAsync(source, before, cancellationToken).ConfigureAwait(false);
        if (integrated is not null)
        {
            return new IntegrationOutcome.AlreadyIntegrated(integrated);
        }

        var fastForward = item.Style == IntegrationStyle.Merge && await repository.IsAncestorAsync(before, source, cancellationToken).ConfigureAwait(false);
        var candidate = source;
        if (!fastForward)
        {
            var merged = await repository.MergeTreeAsync(before, source, cancellationToken).ConfigureAwait(false);
            if (merged is TreeMerge.Conflict conflict)
            {
                await repository.UpdateRefAsync(item.KeepRef, source, cancellationToken).ConfigureAwait(false);
                return new IntegrationOutcome.Conflicted(conflict.Paths, item.KeepRef);
            }

            var tree = ((TreeMerge.Clean)merged).Tree;
            candidate = squash
                ? await repository.CommitTreeAsync(tree, [before], item.Message, squashOf: source, cancellationToken).ConfigureAwait(false)
                : await repository.CommitTreeAsync(tree, [before, source], item.Message, squashOf: null, cancellationToken).ConfigureAwait(false);
        }

        // From here until the swap the branch stays at `before`: the candidate lives on a detached HEAD only.
        await worktree.DetachAsync(candidate, cancellationToken).ConfigureAwait(false);
        if (item.BeforeCommit is { } edit)
        {
            await edit(worktree.Root, cancellationToken).ConfigureAwait(false);
            candidate = await worktree.AmendAllAsync(cancellationToken).ConfigureAwait(false);
        }

        var reasons = await item.Checks(worktree.Root, cancellationToken).ConfigureAwait(false);
        if (reasons.Count > 0)
        {
            await repository.UpdateRefAsync(item.KeepRef, source, cancellationToken).ConfigureAwait(false);
            await RecoverAsync(cancellationToken).ConfigureAwait(false);
            return new IntegrationOutcome.Red(reasons, item.KeepRef);
        }

        if (!await repository.CompareAndSwapRefAsync($"refs/heads/{branch}", candidate, before, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // The files already are the candidate's, which the branch now names.
        await worktree.AttachAsync(branch, cancellationToken).ConfigureAwait(false);
        return new IntegrationOutcome.Integrated(candidate, fastForward);
    }

    /// <summary>Back on the branch with its files exactly (whatever a kill left: a detached HEAD, edits, a half-done checkout); returns its commit.</summary>
    private async Task<string> RecoverAsync(CancellationToken cancellationToken)
    {
        await worktree.AttachAsync(branch, cancellationToken).ConfigureAwait(false);
        await worktree.ResetAsync("HEAD", cancellationToken).ConfigureAwait(false);
        return await worktree.HeadAsync(cancellationToken).ConfigureAwait(false);
    }
}
