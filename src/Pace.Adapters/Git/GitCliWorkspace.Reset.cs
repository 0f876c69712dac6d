namespace Pace.Adapters.Git;

public sealed partial class GitCliWorkspace
{
    /// <summary>
    /// <c>reset --hard</c> then <c>clean -fd</c>: ignored files (.pace/, build output) stay, and so do
    /// untracked nested repositories (git clean needs a second -f for those; Pace never gives it).
    /// </summary>
    public async Task ResetAsync(string commit, CancellationToken cancellationToken)
    {
        await _git.RunAsync(["reset", "--hard", "--quiet", $"{commit}^{{commit}}", "--"], cancellationToken).ConfigureAwait(false);
        await _git.RunAsync(["clean", "-f", "-d", "--quiet"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A forced checkout (changes discarded) then <c>clean -fd</c>, as <see cref="ResetAsync"/>, but HEAD leaves its branch.</summary>
    public async Task DetachAsync(string commit, CancellationToken cancellationToken)
    {
        await _git.RunAsync(["checkout", "--quiet", "--force", "--detach", $"{commit}^{{commit}}", "--"], cancellationToken).ConfigureAwait(false);
        await _git.RunAsync(["clean", "-f", "-d", "--quiet"], cancellationToken).ConfigureAwait(false);
    }

    public async Task AttachAsync(string branch, CancellationToken cancellationToken) =>
        await _git.RunAsync(["symbolic-ref", "-m", "pace: back to the session's branch", "HEAD", $"refs/heads/{branch}"], cancellationToken).ConfigureAwait(false);

    public async Task UncommitAsync(string commit, CancellationToken cancellationToken) =>
        await _git.RunAsync(["reset", "--mixed", "--quiet", $"{commit}^{{commit}}", "--"], cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// A path may name a file or a folder. Files the commit has are checked out from it; files it
    /// lacks are removed from the index and the disk (ignored files too, when named exactly), and
    /// folders left empty by that go as well.
    /// </summary>
    public async Task RestorePathsAsync(string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0 || await AlreadyAsync(commit, paths, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var inCommit = (await _git.RunAsync(["ls-tree", "-r", "-z", "--name-only", $"{commit}^{{tree}}", "--", .. paths], cancellationToken).ConfigureAwait(false)).Fields.ToHashSet(StringComparer.Ordinal);
        var present = (await _git.RunAsync(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", .. paths], cancellationToken).ConfigureAwait(false)).Fields.ToHashSet(StringComparer.Ordinal);
        present.UnionWith(paths.Where(p => File.Exists(FullPath(p)) || new FileInfo(FullPath(p)).LinkTarget is not null));
        var gone = present.Where(p => !inCommit.Contains(p)).Order(StringComparer.Ordinal).ToList();

        if (gone.Count > 0)
        {
            await _git.RunAsync(["rm", "--cached", "--quiet", "--ignore-unmatch", "--pathspec-from-file=-", "--pathspec-file-nul"], cancellationToken, input: string.Join('\0', gone)).ConfigureAwait(false);
            foreach (var path in gone)
            {
                DeleteWithEmptyParents(path);
            }
        }

        if (inCommit.Count > 0)
        {
            await _git.RunAsync(["checkout", "--quiet", commit, "--pathspec-from-file=-", "--pathspec-file-nul"], cancellationToken, input: string.Join('\0', inCommit.Order(StringComparer.Ordinal))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One status of just these paths (ignored files included): nothing listed while HEAD is the commit
    /// means the tree and the index hold them as the commit does, so there is nothing to restore.
    /// </summary>
    private async Task<bool> AlreadyAsync(string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var output = await _git.RunAsync([.. GitStatus.Arguments, "--ignored=matching", "--", .. paths], cancellationToken).ConfigureAwait(false);
        var status = GitStatus.Parse(output.Stdout);
        return !status.Listed && string.Equals(status.Head, commit, StringComparison.OrdinalIgnoreCase);
    }

    private string FullPath(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    private void DeleteWithEmptyParents(string relative)
    {
        var full = FullPath(relative);
        File.Delete(full);
        var folder = Path.GetDirectoryName(full);
        var root = Path.TrimEndingDirectorySeparator(Root);
        while (folder is not null && folder.Length > root.Length && folder.StartsWith(root, StringComparison.Ordinal)
            && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
            folder = Path.GetDirectoryName(folder);
        }
    }
}
