using Pace.Core.Git;

namespace Pace.Adapters.Git;

public sealed partial class GitCliRepository
{
    public async Task<WorktreeInfo> AddWorktreeAsync(string path, string branch, CancellationToken cancellationToken)
    {
        using var held = await HoldRegistryAsync(cancellationToken).ConfigureAwait(false);
        var full = FullPath(path);
        var worktrees = await ListHeldAsync(cancellationToken).ConfigureAwait(false);
        if (worktrees.FirstOrDefault(w => SamePath(w.Path, full) && !w.Prunable && w.AddUnfinished) is { } unfinished)
        {
            // An add killed mid-way (its checkout may be partial): undone, then done again.
            await UnlockAsync(unfinished, cancellationToken).ConfigureAwait(false);
            await _git.RunAsync(["worktree", "remove", "--force", full], cancellationToken).ConfigureAwait(false);
            worktrees = await ListHeldAsync(cancellationToken).ConfigureAwait(false);
        }

        if (worktrees.FirstOrDefault(w => SamePath(w.Path, full) && !w.Prunable) is { } existing)
        {
            return existing.Branch == branch
                ? existing
                : throw new GitException($"{full} is already a worktree of {existing.Branch ?? "a detached HEAD"}, not of {branch}");
        }

        if (worktrees.FirstOrDefault(w => w.Branch == branch && !w.Prunable) is { } other)
        {
            throw new GitException($"branch {branch} is already checked out in {other.Path}; cannot add a worktree for it at {full}");
        }

        if (worktrees.FirstOrDefault(w => w.Prunable && w.Locked && SamePath(w.Path, full)) is { } lockedGone)
        {
            // Pruning skips a locked registration, and git refuses a path still registered.
            await UnlockAsync(lockedGone, cancellationToken).ConfigureAwait(false);
        }

        if (worktrees.Any(w => w.Prunable))
        {
            await _git.RunAsync(["worktree", "prune"], cancellationToken).ConfigureAwait(false);
        }

        if (!await BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false))
        {
            throw new GitException($"cannot add a worktree at {full}: branch {branch} does not exist");
        }

        // Not cancelled half-way: git writes the new worktree's HEAD as a null id first, and one left so
        // makes every later fetch in this repository fail ("bad object worktrees/NAME/HEAD") until the
        // worktree is added again. The add is short; a cancellation takes effect once it is done.
        await _git.RunAsync(["worktree", "add", "--quiet", full, branch], CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var added = await ListHeldAsync(cancellationToken).ConfigureAwait(false);
        return added.First(w => SamePath(w.Path, full));
    }

    public async Task RemoveWorktreeAsync(string path, CancellationToken cancellationToken)
    {
        using var held = await HoldRegistryAsync(cancellationToken).ConfigureAwait(false);
        var full = FullPath(path);
        var worktrees = await ListHeldAsync(cancellationToken).ConfigureAwait(false);
        var existing = worktrees.FirstOrDefault(w => SamePath(w.Path, full));
        if (existing is { Locked: true, IsMain: false })
        {
            // Only Pace's own worktrees come here: a lock (git's own from an add killed mid-way, or a
            // person's) would make every later retry and cleanup fail, and prune skips locked ones.
            await UnlockAsync(existing, cancellationToken).ConfigureAwait(false);
        }

        if (existing is null || existing.Prunable)
        {
            await _git.RunAsync(["worktree", "prune"], cancellationToken).ConfigureAwait(false);
            return;
        }

        if (existing.IsMain)
        {
            throw new GitException($"{full} is the main worktree of the repository; it cannot be removed");
        }

        await _git.RunAsync(["worktree", "remove", "--force", full], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The worktree registry of this repository, held while a worktree is added, removed or listed (<see cref="WorktreeRegistry"/>).</summary>
    private async Task<IDisposable> HoldRegistryAsync(CancellationToken cancellationToken)
    {
        _commonDir ??= (await _git.RunAsync(["rev-parse", "--path-format=absolute", "--git-common-dir"], cancellationToken).ConfigureAwait(false)).Text;
        return await WorktreeRegistry.HoldAsync(_commonDir, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Holds the registry while listing: git's list fails on an entry another add of this process is
    /// half-way through writing ("failed to read .git/worktrees/N/commondir"), which a parallel run's
    /// lanes and a spec run's early tasks, opening worktrees while others look, have met.
    /// </summary>
    public async Task<IReadOnlyList<WorktreeInfo>> ListWorktreesAsync(CancellationToken cancellationToken)
    {
        using var held = await HoldRegistryAsync(cancellationToken).ConfigureAwait(false);
        return await ListHeldAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The worktrees, for a caller that holds the registry already.</summary>
    private async Task<IReadOnlyList<WorktreeInfo>> ListHeldAsync(CancellationToken cancellationToken)
    {
        var output = await _git.RunAsync(["worktree", "list", "--porcelain", "-z"], cancellationToken).ConfigureAwait(false);
        var worktrees = new List<WorktreeInfo>();
        WorktreeInfo? current = null;
        foreach (var field in output.Stdout.Split('\0'))
        {
            if (field.StartsWith("worktree ", StringComparison.Ordinal))
            {
                Flush();
                current = new WorktreeInfo(field["worktree ".Length..], null, null, IsMain: worktrees.Count == 0, Prunable: false);
            }
            else if (current is null)
            {
                continue;
            }
            else if (field.StartsWith("HEAD ", StringComparison.Ordinal))
            {
                current = current with { Head = field["HEAD ".Length..] };
            }
            else if (field.StartsWith("branch " + Heads, StringComparison.Ordinal))
            {
                current = current with { Branch = field[("branch " + Heads).Length..] };
            }
            else if (field == "locked" || field.StartsWith("locked ", StringComparison.Ordinal))
            {
                current = current with { LockReason = field.Length > "locked ".Length ? field["locked ".Length..] : "" };
            }
            else if (field == "prunable" || field.StartsWith("prunable ", StringComparison.Ordinal))
            {
                current = current with { Prunable = true };
            }
        }

        Flush();
        return worktrees;

        void Flush()
        {
            if (current is not null)
            {
                worktrees.Add(current);
                current = null;
            }
        }
    }

    /// <summary>Lifts git's lock on a worktree of Pace's own.</summary>
    public async Task UnlockAsync(WorktreeInfo worktree, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        await _git.RunAsync(["worktree", "unlock", worktree.Path], cancellationToken).ConfigureAwait(false);
    }

    private string FullPath(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, Root));

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
