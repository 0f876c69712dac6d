using System.Text.Json;
using Pace.Adapters.Fleet;
using Pace.Adapters.Git;
using Pace.Adapters.Loop;
using Pace.Core.Diagnostics;
using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Cli;

/// <summary>
/// `pace run --fleet CONN --take-over RUN` (docs/fleet.md): this repository goes on with a fleet run
/// whose coordinator, on another host or in another clone, has gone. Everything is checked first
/// (the run's saved state, its feature list, its branch against this repository's); then the run is
/// held (its lock must be free, and its epoch grows: the old coordinator, if it comes back, can write
/// nothing more), and the state, journal and evidence from the database become this repository's
/// <c>.pace/</c> files, from which the run resumes as any run does. A refusal changes nothing, here or in the database.
/// </summary>
internal static class FleetTakeOver
{
    public static async Task<FleetRunHold> RunAsync(CliContext context, FleetHost fleet, FileRunStore store, string root, ProjectLayout layout, string run, CancellationToken cancellationToken)
    {
        // This repository's own unfinished run may be taken back (its coordinator's name changed with its host's, say); another is refused.
        if (store.Load() is { Finished: false } own && own.FleetRun != run)
        {
            throw new InputException($"--take-over: this repository has a run of its own that has not finished ({own.FleetRun ?? own.RunId}); finish it first, or take the run over from another clone of the project (nothing was changed)");
        }

        var repository = new GitCliRepository(root);
        try
        {
            await ReadCheckedAsync(fleet, repository, run, layout, cancellationToken).ConfigureAwait(false);
            // Read again under the lock, before the epoch is raised: what the last coordinator wrote before it let go is what counts, and a refusal changes nothing.
            (SavedRun Saved, RunState State, string? BranchTip) read = default;
            var hold = await fleet.Record.HoldAsync(run, FleetRunRecord.CoordinatorOf(root), layout.FeatureList, FleetRunRecord.Mode.TakeOver, cancellationToken,
                underLock: async token => read = await ReadCheckedAsync(fleet, repository, run, layout, token).ConfigureAwait(false)).ConfigureAwait(false);
            try
            {
                var (saved, state, branchTip) = (read.Saved!, read.State!, read.BranchTip);
                if (state.Options.Worktree is { } branch && branchTip is not null)
                {
                    await repository.UpdateRefAsync("refs/heads/" + branch.Branch, branchTip, cancellationToken).ConfigureAwait(false);
                }

                foreach (var json in saved.Evidence)
                {
                    store.SaveEvidence(EvidenceJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)));
                }

                foreach (var line in saved.Journal)
                {
                    store.AppendJournal(line);
                }

                // Last: until the state is here, starting again takes the run over again from the start.
                store.Save(state);
                await context.Error.WriteLineAsync($"pace: took over fleet run {run} (epoch {hold.Epoch}); its branch {state.Options.Worktree?.Branch} is here now").ConfigureAwait(false);
                return hold;
            }
            catch
            {
                await hold.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception e) when (FleetDatabase.Unreachable(e) || e is GitException)
        {
            throw new FleetException($"--take-over: {(e is GitException ? "the run's remote" : "the fleet database")} could not be reached ({e.Message}); nothing of the run was changed here, try again");
        }
        catch
        {
            // Refused: the copies of the run's refs fetched to check it go too.
            await fleet.Items.DropFetchedRunRefsAsync(run, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The run as the database has it, checked: its state, its feature list (this clone's), and its branch,
    /// fetched with the run's other refs, against this repository's (its commit; null when the run has none).
    /// </summary>
    private static async Task<(SavedRun Saved, RunState State, string? BranchTip)> ReadCheckedAsync(
        FleetHost fleet, GitCliRepository repository, string run, ProjectLayout layout, CancellationToken cancellationToken)
    {
        var saved = await fleet.Record.ReadAsync(run, cancellationToken).ConfigureAwait(false)
            ?? throw new FleetRunLostException($"the fleet database has no saved state of a run named {run} to take over ('pace fleet status' lists the runs)");
        if (saved.FeatureList != layout.FeatureList)
        {
            throw new InputException($"--take-over: run {run} works on {saved.FeatureList}, not on {layout.FeatureList}; run it where that feature list is (or give it with --file); nothing was changed");
        }

        var state = JsonSerializer.Deserialize(saved.State, LoopJson.Default.RunState)
            ?? throw new FleetException($"run {run}: the state in the fleet database is empty");
        await fleet.Items.FetchRunRefsAsync(run, cancellationToken).ConfigureAwait(false);
        var tip = state.Options.Worktree is { } place && saved.RunRef is { } runRef
            ? await CheckRunBranchAsync(repository, place.Branch, runRef, cancellationToken).ConfigureAwait(false) : null;
        return (saved, state, tip);
    }

    /// <summary>The commit of the run's branch as fetched from the remote; refused when this repository's branch of that name holds other work.</summary>
    private static async Task<string> CheckRunBranchAsync(GitCliRepository repository, string branch, string runRef, CancellationToken cancellationToken)
    {
        var tip = await repository.ResolveAsync(runRef, cancellationToken).ConfigureAwait(false)
            ?? throw new FleetException($"the run's branch is not on the remote ({runRef}); was the remote changed by hand?");
        var local = await repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
        if (local is not null && local != tip && !await repository.IsAncestorAsync(local, tip, cancellationToken).ConfigureAwait(false))
        {
            throw new InputException($"--take-over: branch {branch} here holds work that the run's branch does not; take it elsewhere ('git branch -m {branch} OTHER') and try again (nothing of the run was changed)");
        }

        return tip;
    }
}
