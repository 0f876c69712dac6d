using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Adapters.Git;

/// <summary>
/// <see cref="IRepository"/> over the git command line. Like <see cref="GitCliWorkspace"/>, every
/// command gets the environment given here (identities, dates, configuration) and nothing else changes.
/// </summary>
public sealed partial class GitCliRepository : IRepository
{
    private const string Heads = "refs/heads/";

    private readonly GitCli _git;
    private string? _commonDir;

    public GitCliRepository(string root, IReadOnlyDictionary<string, string?>? environment = null)
    {
        _git = new GitCli(root, environment);
    }

    public string Root => _git.Root;

    /// <summary>The URL of remote <paramref name="remote"/> as git resolves it; null when the repository has no remote of that name.</summary>
    public async Task<string?> RemoteUrlAsync(string remote, CancellationToken cancellationToken)
    {
        var output = await _git.TryAsync(["remote", "get-url", remote], cancellationToken).ConfigureAwait(false);
        return output.ExitCode == 0 ? output.Text : null;
    }

    public async Task<bool> BranchExistsAsync(string branch, CancellationToken cancellationToken) =>
        await ResolveAsync(Heads + branch, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<bool> CreateBranchAsync(string branch, string startPoint, CancellationToken cancellationToken)
    {
        await _git.RunAsync(["check-ref-format", "--branch", branch], cancellationToken).ConfigureAwait(false);
        if (await BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var commit = await CommitOfAsync(startPoint, cancellationToken).ConfigureAwait(false);
        // The empty old value makes git refuse when someone created the branch in the meantime.
        string[] create = ["update-ref", "-m", $"pace: create {branch}", Heads + branch, commit, ""];
        var output = await _git.TryAsync(create, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == 0)
        {
            return true;
        }

        return await BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false) ? false : throw _git.Failure(create, output);
    }

    public async Task<bool> DeleteBranchAsync(string branch, CancellationToken cancellationToken)
    {
        // Held throughout: git's list fails on an entry another add of this process is writing ("failed
        // to read .git/worktrees/N/commondir", met by a parallel run's lane closing beside a lane
        // opening), and a worktree added between the list and the delete would lose its branch.
        using var held = await HoldRegistryAsync(cancellationToken).ConfigureAwait(false);
        var worktrees = await RefuseProtectedAsync(branch, cancellationToken).ConfigureAwait(false);
        if (!await BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (worktrees.Any(w => w.Branch == branch && w.Prunable))
        {
            // git refuses to delete a branch a vanished worktree still claims; forget that worktree first.
            await _git.RunAsync(["worktree", "prune"], cancellationToken).ConfigureAwait(false);
        }

        await _git.RunAsync(["branch", "--quiet", "-D", branch], cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken) =>
        IsAncestorInAsync(_git, ancestor, descendant, cancellationToken);

    public async Task<string?> ResolveAsync(string revision, CancellationToken cancellationToken)
    {
        string[] arguments = ["rev-parse", "--verify", "--quiet", "--end-of-options", $"{revision}^{{commit}}"];
        var output = await _git.TryAsync(arguments, cancellationToken).ConfigureAwait(false);
        return output.ExitCode switch
        {
            0 => output.Text,
            1 => null,
            _ => throw _git.Failure(arguments, output),
        };
    }

    public async Task<IReadOnlyList<GitRef>> ListRefsAsync(string prefix, CancellationToken cancellationToken)
    {
        var output = await _git.RunAsync(["for-each-ref", "--sort=refname", "--format=%(refname)%00%(objectname)", prefix], cancellationToken).ConfigureAwait(false);
        return output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\0'))
            .Select(fields => new GitRef(fields[0], fields[1]))
            .ToList();
    }

    public async Task UpdateRefAsync(string refName, string revision, CancellationToken cancellationToken)
    {
        RequireFullRefName(refName);
        var commit = await CommitOfAsync(revision, cancellationToken).ConfigureAwait(false);
        await _git.RunAsync(["update-ref", "-m", "pace: update", refName, commit], cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteRefAsync(string refName, CancellationToken cancellationToken)
    {
        RequireFullRefName(refName);
        if (refName.StartsWith(Heads, StringComparison.Ordinal))
        {
            await DeleteBranchAsync(refName[Heads.Length..], cancellationToken).ConfigureAwait(false);
            return;
        }

        // update-ref -d succeeds on a ref that does not exist, which is what a repeated call needs.
        await _git.RunAsync(["update-ref", "-d", refName], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses to delete a protected branch; returns the worktrees. The caller holds the worktree registry.</summary>
    private async Task<IReadOnlyList<WorktreeInfo>> RefuseProtectedAsync(string branch, CancellationToken cancellationToken)
    {
        if (ProtectedBranchException.AlwaysProtected.Contains(branch))
        {
            throw new ProtectedBranchException(branch, "main and master are never deleted");
        }

        var current = await _git.TryAsync(["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken).ConfigureAwait(false);
        if (current.ExitCode == 0 && current.Text == branch)
        {
            throw new ProtectedBranchException(branch, $"it is the current branch of {Root}");
        }

        var worktrees = await ListHeldAsync(cancellationToken).ConfigureAwait(false);
        if (worktrees.FirstOrDefault(w => w.Branch == branch && !w.Prunable) is { } holder)
        {
            throw new ProtectedBranchException(branch, $"it is checked out in the worktree {holder.Path}");
        }

        return worktrees;
    }

    private async Task<string> CommitOfAsync(string revision, CancellationToken cancellationToken) =>
        await ResolveAsync(revision, cancellationToken).ConfigureAwait(false)
            ?? throw new GitException($"'{revision}' names no commit in {Root}");

    private static async Task<bool> IsAncestorInAsync(GitCli git, string ancestor, string descendant, CancellationToken cancellationToken)
    {
        string[] arguments = ["merge-base", "--is-ancestor", ancestor, descendant];
        var output = await git.TryAsync(arguments, cancellationToken).ConfigureAwait(false);
        return output.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw git.Failure(arguments, output),
        };
    }

    private static void RequireFullRefName(string refName)
    {
        if (!refName.StartsWith("refs/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{refName}' is not a full ref name (refs/...)", nameof(refName));
        }
    }
}
