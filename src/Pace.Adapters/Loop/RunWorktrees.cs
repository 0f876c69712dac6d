using Pace.Adapters.Git;
using Pace.Core.Diagnostics;
using Pace.Core.Git;
using Pace.Core.Loop;

namespace Pace.Adapters.Loop;

/// <summary>
/// Where a `pace run --worktree` works: branch <see cref="RefNames.RunBranch"/> checked out in
/// .pace/run-tree, so the person can go on working in their own checkout (docs/feature-loop.md).
/// The run branch starts at the person's HEAD, or goes on from an earlier run's work that their
/// branch has not taken yet; when the run ends their branch takes the work by a fast-forward.
/// </summary>
public sealed class RunWorktrees
{
    /// <summary>The run's worktree, relative to the repository root (under .pace/, which git ignores there).</summary>
    public const string RelativePath = ".pace/run-tree";

    private readonly string _root;
    private readonly GitCli _git;
    private readonly GitCliRepository _repository;

    /// <summary>The person's checkout.</summary>
    private readonly GitCliWorkspace _checkout;

    public RunWorktrees(string root)
    {
        _root = root;
        _git = new GitCli(root, null);
        _repository = new GitCliRepository(root);
        _checkout = new GitCliWorkspace(root);
    }

    public string Root => _root;

    public string Tree => Path.Combine(_root, RelativePath);

    /// <summary>
    /// Makes the worktree of a new run and says where it starts. Refuses (nothing changed) when the
    /// feature list has changes not committed (the run works from commits), or when the run branch
    /// holds an earlier run's work that has diverged from the person's branch.
    /// </summary>
    public async Task<(RunWorktree Place, string? Note)> StartAsync(string featureList, CancellationToken cancellationToken)
    {
        var listChanges = await _git.RunAsync(["status", "--porcelain", "--", featureList], cancellationToken).ConfigureAwait(false);
        if (listChanges.Text.Length > 0)
        {
            throw new InputException($"{featureList} has changes that are not committed; a run with --worktree works from your last commit, so commit them first (nothing was changed)");
        }

        var head = await _checkout.HeadAsync(cancellationToken).ConfigureAwait(false);
        var into = await _checkout.CurrentBranchAsync(cancellationToken).ConfigureAwait(false);
        var branch = RefNames.RunBranch;
        string? note = null;
        var tip = await _repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
        if (tip is null)
        {
            await _repository.CreateBranchAsync(branch, head, cancellationToken).ConfigureAwait(false);
        }
        else if (tip == head)
        {
            // Nothing to decide: the run starts where the person is.
        }
        else if (await _repository.IsAncestorAsync(head, tip, cancellationToken).ConfigureAwait(false))
        {
            note = $"Going on from branch {branch}: it holds an earlier run's work that {into ?? "your HEAD"} does not have yet.";
        }
        else if (await _repository.IsAncestorAsync(tip, head, cancellationToken).ConfigureAwait(false))
        {
            // Its work is in the person's branch already: the run starts from there.
            await _repository.RemoveWorktreeAsync(Tree, cancellationToken).ConfigureAwait(false);
            await _repository.UpdateRefAsync("refs/heads/" + branch, head, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new InputException($"branch {branch} holds an earlier run's work that {into ?? "your HEAD"} does not have, and {into ?? "your HEAD"} has commits that it does not: "
                + $"take its work ('git merge {branch}') or drop it ('git branch -D {branch}'), then run again (nothing was changed)");
        }

        await _repository.AddWorktreeAsync(Tree, branch, cancellationToken).ConfigureAwait(false);
        return (new RunWorktree(branch, into), note);
    }

    /// <summary>
    /// A run in the person's checkout would do again what the run branch holds and their branch has
    /// not taken (a run with --no-fast-forward, or one that could not move their branch): refused.
    /// A run branch whose work their branch has (a worktree run killed before it saved its start)
    /// is removed with its worktree.
    /// </summary>
    public async Task RequireNoPendingWorkAsync(CancellationToken cancellationToken)
    {
        var branch = RefNames.RunBranch;
        if (await _repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false) is not { } tip
            || await _checkout.CurrentBranchAsync(cancellationToken).ConfigureAwait(false) == branch)
        {
            return;
        }

        if (!await _repository.IsAncestorAsync(tip, "HEAD", cancellationToken).ConfigureAwait(false))
        {
            throw new InputException($"branch {branch} holds a run's work that your branch does not have; take it ('git merge {branch}'), go on with it ('pace run --worktree'), "
                + $"or drop it ('git branch -D {branch}'), then run again (nothing was changed)");
        }

        await _repository.RemoveWorktreeAsync(Tree, cancellationToken).ConfigureAwait(false);
        await _repository.DeleteBranchAsync(branch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The worktree of an interrupted run, made again if its folder is gone (the branch holds everything committed); a parallel run's queue may have left it detached.</summary>
    public Task ReopenAsync(RunWorktree place, CancellationToken cancellationToken) =>
        Integration.MergeQueue.OpenWorktreeAsync(_repository, new GitCliWorkspace(Tree), place.Branch, cancellationToken);

    /// <summary>
    /// At the end of a run: the person's branch takes the run's work by a fast-forward when it can,
    /// and the worktree goes (the branch too, once its work is in theirs). Returns what the person
    /// should know: where the work is when it stays on the run branch.
    /// </summary>
    public async Task<string?> FinishAsync(RunWorktree place, CancellationToken cancellationToken)
    {
        var tip = await _repository.ResolveAsync("refs/heads/" + place.Branch, cancellationToken).ConfigureAwait(false);
        await _repository.RemoveWorktreeAsync(Tree, cancellationToken).ConfigureAwait(false);
        if (tip is null)
        {
            return null;
        }

        var head = await _checkout.HeadAsync(cancellationToken).ConfigureAwait(false);
        var current = await _checkout.CurrentBranchAsync(cancellationToken).ConfigureAwait(false);
        if (await _repository.IsAncestorAsync(tip, head, cancellationToken).ConfigureAwait(false))
        {
            await _repository.DeleteBranchAsync(place.Branch, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var keep = $"The run's work is on branch {place.Branch}";
        var take = $"take it with 'git merge {place.Branch}'";
        if (!place.FastForward)
        {
            return $"{keep} (--no-fast-forward); {take}.";
        }

        if (place.Into is null || current != place.Into)
        {
            return $"{keep}: {(place.Into is null ? "your HEAD was detached when the run started" : $"you are no longer on {place.Into}")}; {take}.";
        }

        if (!await _repository.IsAncestorAsync(head, tip, cancellationToken).ConfigureAwait(false))
        {
            return $"{keep}: {place.Into} has commits the run does not, so it cannot move there by a fast-forward; {take}.";
        }

        if ((await _git.RunAsync(["status", "--porcelain", "--untracked-files=no"], cancellationToken).ConfigureAwait(false)).Text.Length > 0)
        {
            return $"{keep}: your working tree has uncommitted changes, which Pace does not touch; commit or stash them, then {take}.";
        }

        var moved = await _git.TryAsync(["merge", "--ff-only", "--quiet", place.Branch], cancellationToken).ConfigureAwait(false);
        if (moved.ExitCode != 0)
        {
            var why = moved.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "git refused";
            return $"{keep}: moving {place.Into} there failed ({why}); {take}.";
        }

        var count = (await _git.RunAsync(["rev-list", "--count", $"{head}..{tip}"], cancellationToken).ConfigureAwait(false)).Text;
        await _repository.DeleteBranchAsync(place.Branch, cancellationToken).ConfigureAwait(false);
        return $"Moved {place.Into} forward by the run's {count} commit(s).";
    }
}
