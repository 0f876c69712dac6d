using System.Globalization;
using System.Text.RegularExpressions;
using Pace.Core.Git;

namespace Pace.Adapters.Git;

public sealed partial class GitCliWorkspace
{
    /// <summary>
    /// One `git status` answers when HEAD is the base and every listed entry is unambiguous (the usual
    /// case); otherwise the working tree is staged in a temporary index and diffed against the base.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedPathsAsync(string baseCommit, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
        return await ChangedPathsAsync(baseCommit, status, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WorkspaceStatus> StatusAsync(string baseCommit, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(cancellationToken).ConfigureAwait(false);
        // An unborn branch has no HEAD commit: fail as HeadAsync does.
        var head = status.Head ?? await HeadAsync(cancellationToken).ConfigureAwait(false);
        var changed = await ChangedPathsAsync(baseCommit, status, cancellationToken).ConfigureAwait(false);
        return new WorkspaceStatus(head, status.Branch, changed);
    }

    private async Task<GitStatus> ReadStatusAsync(CancellationToken cancellationToken) =>
        GitStatus.Parse((await _git.RunAsync(GitStatus.Arguments, cancellationToken).ConfigureAwait(false)).Stdout);

    private async Task<IReadOnlyList<string>> ChangedPathsAsync(string baseCommit, GitStatus status, CancellationToken cancellationToken)
    {
        if (status.Head is not null && string.Equals(status.Head, baseCommit, StringComparison.OrdinalIgnoreCase) && status.ChangedSinceHead is { } paths)
        {
            return paths.Order(StringComparer.Ordinal).ToList();
        }

        var output = await WithWorkingIndexAsync(environment => _git.RunAsync(["diff-index", "--cached", "-r", "-z", "--no-renames", "--name-only", $"{baseCommit}^{{tree}}", "--"], cancellationToken, extra: environment), cancellationToken).ConfigureAwait(false);
        return output.Fields.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<DiffStats> DiffStatsAsync(string baseCommit, CancellationToken cancellationToken)
    {
        var output = await WithWorkingIndexAsync(environment => _git.RunAsync(["diff-index", "--cached", "-r", "--no-renames", "--shortstat", $"{baseCommit}^{{tree}}", "--"], cancellationToken, extra: environment), cancellationToken).ConfigureAwait(false);
        return ParseShortStat(output.Text);
    }

    /// <summary>
    /// The commit's parent is HEAD, so commits the agent made stay reachable from the ref; the
    /// commit is found again (not made twice) when the ref already holds this tree on that parent.
    /// </summary>
    public async Task<string?> SnapshotAsync(string baseCommit, string refName, string message, CancellationToken cancellationToken)
    {
        var tree = await WorkingTreeAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        var baseTree = (await _git.RunAsync(["rev-parse", "--verify", $"{baseCommit}^{{tree}}"], cancellationToken).ConfigureAwait(false)).Text;
        if (tree == baseTree)
        {
            return null;
        }

        var head = await HeadAsync(cancellationToken).ConfigureAwait(false);
        var existing = await _git.TryAsync(["log", "-1", "--format=%T %P", refName, "--"], cancellationToken).ConfigureAwait(false);
        if (existing.ExitCode == 0 && existing.Text == $"{tree} {head}")
        {
            return (await _git.RunAsync(["rev-parse", "--verify", $"{refName}^{{commit}}"], cancellationToken).ConfigureAwait(false)).Text;
        }

        var commit = (await _git.RunAsync(["commit-tree", tree, "-p", head, "-F", "-"], cancellationToken, input: message).ConfigureAwait(false)).Text;
        await _git.RunAsync(["update-ref", "-m", "pace: snapshot", refName, commit], cancellationToken).ConfigureAwait(false);
        return commit;
    }

    /// <summary>
    /// Writes the working tree (tracked and untracked files, ignored ones excluded) as a tree object
    /// through a temporary copy of the index, so the real index, HEAD and files stay as they are.
    /// </summary>
    /// <remarks>
    /// A file whose added lines hold a secret the redactor knows is stored redacted: a session that
    /// failed for writing a key keeps its work on its attempt ref, but not the key (refs can be pushed).
    /// </remarks>
    private async Task<string> WorkingTreeAsync(string baseCommit, CancellationToken cancellationToken) =>
        (await WithWorkingIndexAsync(
            async environment =>
            {
                var patch = (await _git.RunAsync(PatchArguments(baseCommit), cancellationToken, extra: environment).ConfigureAwait(false)).Stdout;
                var redactor = Security.Secrets.Current;
                foreach (var path in ParseAddedLines(patch).Where(line => redactor.Finds(line.Text)).Select(line => line.Path).Distinct(StringComparer.Ordinal))
                {
                    await StageRedactedAsync(path, environment, cancellationToken).ConfigureAwait(false);
                }

                return await _git.RunAsync(["write-tree"], cancellationToken, extra: environment).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false)).Text;

    /// <summary>Replaces the staged content of <paramref name="path"/> in the temporary index with the file's text, redacted.</summary>
    private async Task StageRedactedAsync(string path, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var full = Path.Combine(Root, path);
        if (!File.Exists(full))
        {
            return;
        }

        var text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
        var clean = Security.Secrets.Redact(text);
        if (clean == text)
        {
            return;
        }

        var staged = (await _git.RunAsync(["ls-files", "--stage", "-z", "--", path], cancellationToken, extra: environment).ConfigureAwait(false)).Text;
        var mode = staged.Length > 6 ? staged[..6] : "100644";
        var blob = (await _git.RunAsync(["hash-object", "-w", "--stdin"], cancellationToken, input: clean).ConfigureAwait(false)).Text;
        await _git.RunAsync(["update-index", "--cacheinfo", $"{mode},{blob},{path}"], cancellationToken, extra: environment).ConfigureAwait(false);
    }

    /// <summary>Stages the working tree in a temporary copy of the index and runs one more git command on that index.</summary>
    private async Task<GitOutput> WithWorkingIndexAsync(Func<IReadOnlyDictionary<string, string?>, Task<GitOutput>> then, CancellationToken cancellationToken)
    {
        var indexPath = (await FactsAsync(cancellationToken).ConfigureAwait(false)).IndexPath;
        var temporary = $"{indexPath}.pace-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            if (File.Exists(indexPath))
            {
                // A copy keeps the file stamps of the real index, so git re-reads only changed files.
                File.Copy(indexPath, temporary);
            }

            var environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = temporary };
            await _git.RunAsync(["add", "--all"], cancellationToken, extra: environment).ConfigureAwait(false);
            return await then(environment).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static DiffStats ParseShortStat(string text)
    {
        if (text.Length == 0)
        {
            return DiffStats.None;
        }

        return new DiffStats(Number(text, "file"), Number(text, "insertion"), Number(text, "deletion"));

        static int Number(string text, string word)
        {
            var match = Regex.Match(text, $@"(\d+) {word}", RegexOptions.CultureInvariant);
            return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }
    }
}
