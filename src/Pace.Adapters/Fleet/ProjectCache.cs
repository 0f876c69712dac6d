using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Pace.Adapters.Git;

namespace Pace.Adapters.Fleet;

/// <summary>
/// A worker's copies of the projects it works on, under <paramref name="folder"/>: one bare
/// repository per remote (fetched, never cloned again), and a worktree per claimed session on a
/// branch of its own, made at the session's base. Sessions of one project share the repository's
/// objects, so a worker fetches only what is new since its last item, and nothing when the base is
/// there already.
/// </summary>
public sealed class ProjectCache(string folder)
{
    /// <summary>One fetch at a time per repository of this process: concurrent fetches into one repository race for its refs.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Fetching = new(StringComparer.Ordinal);

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>
    /// A tree at <paramref name="baseCommit"/>, fetched from <paramref name="baseRef"/> of
    /// <paramref name="remote"/>, on a new branch <paramref name="branch"/>; one the same claim left
    /// (a worker killed and started again) is made again from the base.
    /// </summary>
    public async Task<ProjectTree> CheckoutAsync(string remote, string baseRef, string baseCommit, string branch, CancellationToken cancellationToken)
    {
        var repository = await RepositoryAsync(remote, cancellationToken).ConfigureAwait(false);
        var git = new GitCli(repository, null);
        var fetched = "refs/pace/fleet/fetched/" + branch;
        if ((await git.TryAsync(["cat-file", "-e", baseCommit + "^{commit}"], cancellationToken).ConfigureAwait(false)).ExitCode == 0)
        {
            // The base is here already (an earlier item's base or result: a commit's name is its content), so nothing is fetched;
            // the ref keeps it while the session works, as a fetch's would.
            await git.RunAsync(["update-ref", fetched, baseCommit], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await FetchAsync(git, repository, remote, baseRef, fetched, cancellationToken).ConfigureAwait(false);
            var at = (await git.RunAsync(["rev-parse", "--verify", fetched + "^{commit}"], cancellationToken).ConfigureAwait(false)).Text;
            if (at != baseCommit)
            {
                throw new FleetException($"{baseRef} on {remote} is at {at[..7]}, not at the session's base {baseCommit[..Math.Min(7, baseCommit.Length)]}");
            }
        }

        var repo = new GitCliRepository(repository);
        var tree = Path.Combine(Path.GetDirectoryName(repository)!, "trees", branch.Replace('/', '-'));
        await repo.RemoveWorktreeAsync(tree, cancellationToken).ConfigureAwait(false);
        await repo.DeleteBranchAsync(branch, cancellationToken).ConfigureAwait(false);
        await repo.CreateBranchAsync(branch, baseCommit, cancellationToken).ConfigureAwait(false);
        await repo.AddWorktreeAsync(tree, branch, cancellationToken).ConfigureAwait(false);
        return new ProjectTree(repository, tree, branch, fetched);
    }

    private static async Task FetchAsync(GitCli git, string repository, string remote, string baseRef, string fetched, CancellationToken cancellationToken)
    {
        var gate = Fetching.GetOrAdd(repository, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await git.RunAsync(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, $"+{baseRef}:{fetched}"], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Puts <paramref name="commit"/> on <paramref name="refName"/> of <paramref name="remote"/> (replacing what is there: the ref is this claim's own).</summary>
    public static async Task PushAsync(ProjectTree tree, string remote, string commit, string refName, CancellationToken cancellationToken) =>
        await new GitCli(tree.Repository, null).RunAsync(["push", "--quiet", "--no-verify", remote, $"+{commit}:{refName}"], cancellationToken).ConfigureAwait(false);

    /// <summary>Removes the tree and its branch (the session's folder with its transcript stays).</summary>
    public static async Task RemoveAsync(ProjectTree tree, CancellationToken cancellationToken)
    {
        var repo = new GitCliRepository(tree.Repository);
        await repo.RemoveWorktreeAsync(tree.Path, cancellationToken).ConfigureAwait(false);
        await repo.DeleteBranchAsync(tree.Branch, cancellationToken).ConfigureAwait(false);
        await repo.DeleteRefAsync(tree.Fetched, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bare repository of <paramref name="remote"/>, made on first use (named by a hash of the URL, which may hold no secret: the redactor sees every way out anyway).</summary>
    private async Task<string> RepositoryAsync(string remote, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(remote)))[..16];
        var repository = Path.Combine(Folder, key, "repo.git");
        if (Directory.Exists(repository))
        {
            return repository;
        }

        // Made aside and renamed into place: two slots (or two workers sharing the cache) starting at
        // once would trip over each other's files in one git init; the first rename wins, the other
        // repository goes.
        var aside = $"{repository}.new-{Guid.NewGuid():N}";
        Directory.CreateDirectory(aside);
        await new GitCli(aside, null).RunAsync(["init", "--quiet", "--bare"], cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.Move(aside, repository);
        }
        catch (IOException) when (Directory.Exists(repository))
        {
            Directory.Delete(aside, recursive: true);
        }

        return repository;
    }
}

/// <summary>One claimed session's tree: <paramref name="Path"/> on <paramref name="Branch"/> of the cache's bare <paramref name="Repository"/>.</summary>
public sealed record ProjectTree(string Repository, string Path, string Branch, string Fetched);
