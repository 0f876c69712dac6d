using Pace.Core.Git;

namespace Pace.Adapters.Git;

/// <summary>Merges and commits made from objects alone, without a worktree, and a ref moved only if nobody else moved it.</summary>
public sealed partial class GitCliRepository
{
    public async Task<TreeMerge> MergeTreeAsync(string ours, string theirs, CancellationToken cancellationToken)
    {
        string[] mergeTree = ["merge-tree", "--write-tree", "--name-only", "-z", "--no-messages", ours, theirs];
        var merged = await _git.TryAsync(mergeTree, cancellationToken).ConfigureAwait(false);
        return merged.ExitCode switch
        {
            0 => new TreeMerge.Clean(merged.Fields[0]),
            1 => new TreeMerge.Conflict(merged.Fields.Skip(1).Distinct().Order(StringComparer.Ordinal).ToList()),
            _ => throw _git.Failure(mergeTree, merged),
        };
    }

    public async Task<IReadOnlyList<string>> IndependentAsync(IReadOnlyList<string> commits, CancellationToken cancellationToken)
    {
        var distinct = commits.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count < 2)
        {
            return distinct;
        }

        var output = await _git.RunAsync(["merge-base", "--independent", "--end-of-options", .. distinct], cancellationToken).ConfigureAwait(false);
        return output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task<string> CommitTreeAsync(string tree, IReadOnlyList<string> parents, string message, string? squashOf, CancellationToken cancellationToken)
    {
        var text = squashOf is null ? $"{message.TrimEnd()}\n" : $"{message.TrimEnd()}\n\n{SquashTrailer}: {squashOf}\n";
        string[] arguments = ["commit-tree", tree, .. parents.SelectMany(p => new[] { "-p", p }), "-F", "-"];
        return (await _git.RunAsync(arguments, cancellationToken, input: text).ConfigureAwait(false)).Text;
    }

    public async Task<string?> FindSquashAsync(string source, string target, CancellationToken cancellationToken)
    {
        // The trailer holds the full commit id, so a short id or a branch name is resolved first.
        var sourceCommit = await CommitOfAsync(source, cancellationToken).ConfigureAwait(false);
        var applied = await _git.RunAsync(["log", "-1", "--format=%H", "--fixed-strings", $"--grep={SquashTrailer}: {sourceCommit}", target, "--"], cancellationToken).ConfigureAwait(false);
        return applied.Text.Length > 0 ? applied.Text : null;
    }

    public async Task<string?> FindMergeAsync(string source, string target, CancellationToken cancellationToken)
    {
        var sourceCommit = await CommitOfAsync(source, cancellationToken).ConfigureAwait(false);
        if (!await IsAncestorAsync(sourceCommit, target, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // Each line: a commit of target's first-parent line not in source, then its parents; the oldest comes last.
        var lines = (await _git.RunAsync(["rev-list", "--first-parent", "--parents", target, $"^{sourceCommit}", "--"], cancellationToken).ConfigureAwait(false))
            .Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var fields in Enumerable.Reverse(lines).Select(line => line.Split(' ')))
        {
            if (fields.Length > 1 && fields[1] == sourceCommit)
            {
                return sourceCommit;
            }

            if (fields.Skip(2).Contains(sourceCommit))
            {
                return fields[0];
            }
        }

        return lines.Length == 0 ? sourceCommit : await CommitOfAsync(target, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> CompareAndSwapRefAsync(string refName, string commit, string expected, CancellationToken cancellationToken)
    {
        RequireFullRefName(refName);
        string[] swap = ["update-ref", "-m", "pace: integrate", refName, commit, expected];
        var output = await _git.TryAsync(swap, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == 0)
        {
            return true;
        }

        var now = await ResolveAsync(refName, cancellationToken).ConfigureAwait(false);
        return now == commit || (now != expected ? false : throw _git.Failure(swap, output));
    }
}
