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
/// whose coordinator, on another host or in another clone, has gone. Its lock must be free; then the
/// run's epoch grows (the old coordinator, if it comes back, can write nothing more), the run's refs
/// come from the remote (its branch as the saved state knows it, the sessions' bases), and the state,
/// journal and evidence from the database become this repository's <c>.pace/</c> files, from which the
/// run resumes as any run does.
/// </summary>
internal static class FleetTakeOver
{
    public static async Task<FleetRunHold> RunAsync(CliContext context, FleetHost fleet, FileRunStore store, string root, ProjectLayout layout, string run, CancellationToken cancellationToken)
    {
        if (store.Load() is { Finished: false } own)
        {
            throw new InputException($"--take-over: this repository has a run of its own that has not finished ({own.RunId}); finish it first, or take the run over from another clone of the project (nothing was changed)");
        }

        var hold = await fleet.Record.HoldAsync(run, FleetRunRecord.CoordinatorOf(root), layout.FeatureList, FleetRunRecord.Mode.TakeOver, cancellationToken).ConfigureAwait(false);
        try
        {
            var saved = await fleet.Record.ReadAsync(run, cancellationToken).ConfigureAwait(false)
                ?? throw new FleetRunLostException($"run {run} has no state in the fleet database yet (its coordinator stopped before it saved one); start a new run instead");
            if (saved.FeatureList != layout.FeatureList)
            {
                throw new InputException($"--take-over: run {run} works on {saved.FeatureList}, not on {layout.FeatureList}; run it where that feature list is (or give it with --file)");
            }

            var state = JsonSerializer.Deserialize(saved.State, LoopJson.Default.RunState)
                ?? throw new FleetException($"run {run}: the state in the fleet database is empty");
            await fleet.Items.FetchRunRefsAsync(run, cancellationToken).ConfigureAwait(false);
            if (state.Options.Worktree is { } place && saved.RunRef is { } runRef)
            {
                await PlaceRunBranchAsync(new GitCliRepository(root), place.Branch, runRef, cancellationToken).ConfigureAwait(false);
            }

            foreach (var json in saved.Evidence)
            {
                store.SaveEvidence(EvidenceJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)));
            }

            foreach (var line in saved.Journal)
            {
                store.AppendJournal(line);
            }

            store.Journal("fleet-run-taken-over", null, $"{run}, epoch {hold.Epoch}");
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

    /// <summary>The run branch here at the remote's copy; refused when this repository's branch of that name holds other work.</summary>
    private static async Task PlaceRunBranchAsync(GitCliRepository repository, string branch, string runRef, CancellationToken cancellationToken)
    {
        var tip = await repository.ResolveAsync(runRef, cancellationToken).ConfigureAwait(false)
            ?? throw new FleetException($"the run's branch is not on the remote ({runRef}); was the remote changed by hand?");
        var local = await repository.ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
        if (local is not null && local != tip && !await repository.IsAncestorAsync(local, tip, cancellationToken).ConfigureAwait(false))
        {
            throw new InputException($"--take-over: branch {branch} here holds work that the run's branch does not; take it elsewhere ('git branch -m {branch} OTHER') and try again (nothing of the run was changed)");
        }

        await repository.UpdateRefAsync("refs/heads/" + branch, tip, cancellationToken).ConfigureAwait(false);
    }
}
