using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Adapters.Git;

/// <summary>
/// The proof's temporary tree with real git: <c>git worktree add --detach</c> of the base commit (git
/// checks the tree out; nothing is copied file by file) under the repository's git folder
/// (<c>.git/pace-proof/NAME</c>), then only the session's test files checked out into it from a tree
/// object of the session's files (written through a temporary index, so the person's index and files
/// are never touched). The checks run there; the worktree is always removed afterwards. A tree left by a
/// killed run has the same name as the next attempt's and is removed before it is made; an entry whose
/// folder someone deleted is taken over (<c>--force</c>), never cleared by a repository-wide prune.
/// </summary>
public sealed class GitProofTree(ICheckRunner runner, IReadOnlyDictionary<string, string?>? environment = null) : IProofTree
{
    public const string Folder = "pace-proof";

    public async Task<IReadOnlyList<CheckResult>> RunOnBaseWithTestsAsync(ProofTreeRequest request, CancellationToken cancellationToken)
    {
        var git = new GitCli(request.SessionRoot, environment, localOnly: true);
        var common = (await git.RunAsync(["rev-parse", "--path-format=absolute", "--git-common-dir"], cancellationToken).ConfigureAwait(false)).Text;
        var tree = Path.Combine(common, Folder, Safe(request.Name));
        var index = tree + ".index";
        await RemoveAsync(git, common, tree, index).ConfigureAwait(false);
        try
        {
            var files = await SessionTreeAsync(git, request, index, cancellationToken).ConfigureAwait(false);
            using (await WorktreeRegistry.HoldAsync(common, cancellationToken).ConfigureAwait(false))
            {
                // Twice --force: a registration left by an add killed before its folder existed is "missing but locked".
                await git.RunAsync(["worktree", "add", "--quiet", "--force", "--force", "--detach", tree, request.BaseCommit], cancellationToken).ConfigureAwait(false);
            }

            await git.At(tree).RunAsync(["checkout", files, "--", .. request.TestPaths], cancellationToken).ConfigureAwait(false);
            request.TreeReady();
            var folder = request.CheckFolder.Length == 0 ? tree : Path.Combine(tree, request.CheckFolder);
            var results = new List<CheckResult>();
            foreach (var check in request.Checks)
            {
                results.Add(await runner.RunAsync(check, folder, request.OutputFolder, cancellationToken).ConfigureAwait(false));
            }

            return results;
        }
        finally
        {
            // Interrupted or not, the temporary tree goes: nothing of it may outlive the session.
            await RemoveAsync(git, common, tree, index).ConfigureAwait(false);
        }
    }

    /// <summary>The base with the session's test files as they are in its tree, as a tree object (a temporary index, not the person's).</summary>
    private static async Task<string> SessionTreeAsync(GitCli git, ProofTreeRequest request, string index, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(index)!);
        var own = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index };
        await git.RunAsync(["read-tree", request.BaseCommit], cancellationToken, extra: own).ConfigureAwait(false);
        await git.RunAsync(["add", "--force", "--", .. request.TestPaths], cancellationToken, extra: own).ConfigureAwait(false);
        return (await git.RunAsync(["write-tree"], cancellationToken, extra: own).ConfigureAwait(false)).Text;
    }

    private static async Task RemoveAsync(GitCli git, string common, string tree, string index)
    {
        if (Directory.Exists(tree))
        {
            using var held = await WorktreeRegistry.HoldAsync(common, CancellationToken.None).ConfigureAwait(false);
            // Twice --force: a worktree whose add was killed mid-way is locked ("initializing").
            await git.TryAsync(["worktree", "remove", "--force", "--force", tree], CancellationToken.None).ConfigureAwait(false);
            if (Directory.Exists(tree))
            {
                // Git could not remove it: the folder goes by hand and git forgets the entries whose folder is gone
                // (only then: tasks running beside this one are adding worktrees of their own).
                Directory.Delete(tree, recursive: true);
                await git.TryAsync(["worktree", "prune"], CancellationToken.None).ConfigureAwait(false);
            }
        }

        if (File.Exists(index))
        {
            File.Delete(index);
        }
    }

    private static string Safe(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-'));
}
