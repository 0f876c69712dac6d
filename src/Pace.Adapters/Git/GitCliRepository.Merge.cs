using Pace.Core.Git;

namespace Pace.Adapters.Git;

public sealed partial class GitCliRepository
{
    /// <summary>The trailer a squash commit carries, naming the source commit it was made from.</summary>
    public const string SquashTrailer = "Pace-Squash-Of";

    public async Task<MergeOutcome> SquashMergeAsync(string source, string target, string message, CancellationToken cancellationToken)
    {
        var sourceCommit = await CommitOfAsync(Heads + source, cancellationToken).ConfigureAwait(false);
        var targetCommit = await CommitOfAsync(Heads + target, cancellationToken).ConfigureAwait(false);
        if (await FindSquashAsync(sourceCommit, targetCommit, cancellationToken).ConfigureAwait(false) is { } applied)
        {
            return new MergeOutcome.Merged(applied);
        }

        if (await IsAncestorAsync(sourceCommit, targetCommit, cancellationToken).ConfigureAwait(false))
        {
            return new MergeOutcome.AlreadyUpToDate();
        }

        var merged = await MergeTreeAsync(targetCommit, sourceCommit, cancellationToken).ConfigureAwait(false);
        if (merged is TreeMerge.Conflict conflict)
        {
            return new MergeOutcome.Conflict(conflict.Paths);
        }

        var tree = ((TreeMerge.Clean)merged).Tree;
        if (tree == (await _git.RunAsync(["rev-parse", $"{targetCommit}^{{tree}}"], cancellationToken).ConfigureAwait(false)).Text)
        {
            return new MergeOutcome.AlreadyUpToDate();
        }

        var commit = await CommitTreeAsync(tree, [targetCommit], message, sourceCommit, cancellationToken).ConfigureAwait(false);
        await MoveBranchAsync(target, targetCommit, commit, cancellationToken).ConfigureAwait(false);
        return new MergeOutcome.Merged(commit);
    }

    /// <summary>
    /// Moves <paramref name="branch"/> to <paramref name="to"/> (made when missing) by a fast-forward:
    /// where it is checked out, its files move with it. False, and nothing moved, when the branch holds
    /// commits <paramref name="to"/> does not; <see cref="GitException"/> when its checkout has changes the move would touch.
    /// </summary>
    public async Task<bool> FastForwardAsync(string branch, string to, CancellationToken cancellationToken)
    {
        var from = await ResolveAsync(Heads + branch, cancellationToken).ConfigureAwait(false);
        if (from == to)
        {
            return true;
        }

        if (from is null)
        {
            await _git.RunAsync(["update-ref", "-m", $"pace: create {branch}", Heads + branch, to, ""], cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (!await IsAncestorAsync(from, to, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await MoveBranchAsync(branch, from, to, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>A branch checked out somewhere moves with its files (a fast-forward there); any other moves by ref alone, only if nobody moved it meanwhile.</summary>
    private async Task MoveBranchAsync(string branch, string from, string to, CancellationToken cancellationToken)
    {
        var worktrees = await ListWorktreesAsync(cancellationToken).ConfigureAwait(false);
        if (worktrees.FirstOrDefault(w => w.Branch == branch && !w.Prunable) is { } holder)
        {
            await _git.At(holder.Path).RunAsync(["merge", "--quiet", "--ff-only", to], cancellationToken).ConfigureAwait(false);
            return;
        }

        await _git.RunAsync(["update-ref", "-m", $"pace: squash into {branch}", Heads + branch, to, from], cancellationToken).ConfigureAwait(false);
    }
}
