using System.Text;
using Pace.Adapters.Fleet;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Git;
using Pace.Adapters.Specs;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Waves;

namespace Pace.Cli;

/// <summary>
/// `pace spec run NAME --fleet CONN --take-over RUN` (docs/fleet.md): this repository goes on with a
/// spec's fleet run whose coordinator, on another host or in another clone, has gone. Everything is
/// checked first, and again once the run's lock is held (the run's saved state, its spec, its refs
/// on the remote against this repository's, a checkout the target branch moves in, its pull requests
/// against this forge's); only then is the run's epoch raised (the old coordinator, if it comes back,
/// can write nothing more), its refs set here (branches by a fast-forward), and its files, journal
/// and state made this repository's, from which the run resumes as any spec run does. A refusal
/// changes nothing, here or in the database.
/// </summary>
internal static class FleetSpecTakeOver
{
    public static async Task<FleetRunHold> RunAsync(CliContext context, FleetHost fleet, FileSpecRunStore store, SpecLayout layout, int waves, string run, CancellationToken cancellationToken)
    {
        var own = FleetTaskSessions.SavedRunName(layout.DataFolder);
        var local = store.Load();
        if (local is not null && own != run)
        {
            // Its evidence and refs would mix with the run's: this clone's own run of the spec (this run, taken back, is allowed).
            throw new InputException($"--take-over: this repository has a run of spec {layout.SpecName} of its own ({local.Phase}{(own is null ? "" : $", fleet run {own}")}); take the run over from another clone of the project, or move .pace/specs/{layout.SpecName} aside first (nothing was changed)");
        }

        var repository = new GitCliRepository(layout.RepoRoot);
        try
        {
            var check = new Check(fleet, repository, layout, waves, run, local is not null);
            await check.ReadAsync(cancellationToken).ConfigureAwait(false);
            // Read again under the lock, before the epoch is raised: what the last coordinator wrote before it let go is what counts.
            var hold = await fleet.Record.HoldAsync(run, FleetRunRecord.CoordinatorOf(layout.RepoRoot), FleetSpecRunStore.SubjectOf(layout), FleetRunRecord.Mode.TakeOver, cancellationToken, underLock: check.ReadAsync).ConfigureAwait(false);
            try
            {
                var (saved, taken, refs) = check.Result!.Value;
                if (check.LocalIsCurrent)
                {
                    // This clone's own run, taken back (its host's name changed, say): its files hold every step the record does.
                    await context.Error.WriteLineAsync($"pace: took back fleet run {run} of spec {layout.SpecName} (epoch {hold.Epoch}); this clone has all of it").ConfigureAwait(false);
                    return hold;
                }

                await SetRefsAsync(repository, refs, cancellationToken).ConfigureAwait(false);
                foreach (var (path, content) in saved.Files)
                {
                    AtomicFile.WriteAllText(Path.Combine(layout.PaceFolder, path), content);
                }

                FleetTaskSessions.KeepRunName(layout.DataFolder, run);
                var journaled = File.Exists(layout.JournalPath) ? File.ReadAllLines(layout.JournalPath).ToHashSet(StringComparer.Ordinal) : [];
                foreach (var line in saved.Journal.Where(l => !journaled.Contains(l.TrimEnd('\n'))))
                {
                    store.AppendJournal(line);
                }

                // Last: until the state is here, starting again takes the run over again from the start.
                store.Save(taken);
                await context.Error.WriteLineAsync($"pace: took over fleet run {run} of spec {layout.SpecName} (epoch {hold.Epoch}): wave {taken.CurrentWave} of {taken.TotalWaves}, {taken.Phase}; its branches are here now").ConfigureAwait(false);
                return hold;
            }
            catch
            {
                await hold.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception e)
        {
            // Refused (or cut short): the copies of the run's refs fetched to check it go too.
            await fleet.Items.DropFetchedRunRefsAsync(run, CancellationToken.None).ConfigureAwait(false);
            if (FleetDatabase.Unreachable(e))
            {
                throw new FleetException($"--take-over: the fleet database could not be reached ({e.Message}); nothing of the run was changed here, try again");
            }

            throw;
        }
    }

    /// <summary>The run's branches and refs here: branches by a fast-forward (a checked-out one with its files, checked clean), the rest as they are.</summary>
    private static async Task SetRefsAsync(GitCliRepository repository, IReadOnlyList<(string Commit, string Ref)> refs, CancellationToken cancellationToken)
    {
        foreach (var (commit, name) in refs)
        {
            if (!name.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                await repository.UpdateRefAsync(name, commit, cancellationToken).ConfigureAwait(false);
            }
            else if (!await repository.FastForwardAsync(name["refs/heads/".Length..], commit, cancellationToken).ConfigureAwait(false))
            {
                throw new InputException($"--take-over: branch {name["refs/heads/".Length..]} moved here while the run was taken over; take it over again");
            }
        }
    }

    /// <summary>The run as the database has it, checked against this repository; read before the run is held and again under its lock.</summary>
    private sealed class Check(FleetHost fleet, GitCliRepository repository, SpecLayout layout, int waves, string run, bool hasLocal)
    {
        public (SavedRun Saved, SpecState State, IReadOnlyList<(string Commit, string Ref)> Refs)? Result { get; private set; }

        /// <summary>This clone's own run, whose journal holds every line the record has: it goes on from its own files.</summary>
        public bool LocalIsCurrent { get; private set; }

        public async Task ReadAsync(CancellationToken cancellationToken)
        {
            var saved = await fleet.Record.ReadAsync(run, cancellationToken).ConfigureAwait(false)
                ?? throw new FleetRunLostException($"the fleet database has no saved state of a run named {run} to take over ('pace fleet status' lists the runs)");
            var subject = FleetSpecRunStore.SubjectOf(layout);
            if (saved.FeatureList != subject)
            {
                throw new InputException($"--take-over: run {run} works on {saved.FeatureList}, not on {subject}; run it with the spec it works on; nothing was changed");
            }

            var state = SpecStateJson.Read($"the state of fleet run {run}", Encoding.UTF8.GetBytes(saved.State));
            if (state.TotalWaves != waves)
            {
                throw new InputException($"--take-over: run {run} plans {state.TotalWaves} waves, and {layout.SpecFileRel} here plans {waves}: this clone's spec is not the run's; take it over where the spec is as the run has it (nothing was changed)");
            }

            if (hasLocal && File.Exists(layout.JournalPath))
            {
                var journaled = File.ReadAllLines(layout.JournalPath).ToHashSet(StringComparer.Ordinal);
                LocalIsCurrent = saved.Journal.All(l => journaled.Contains(l.TrimEnd('\n')));
                if (LocalIsCurrent)
                {
                    Result = (saved, state, []);
                    return;
                }
            }

            await fleet.Items.FetchRunRefsAsync(run, cancellationToken).ConfigureAwait(false);
            var refs = FleetSpecRunStore.ParseRefs(saved.Refs ?? "");
            foreach (var (commit, name) in refs)
            {
                await CheckRefAsync(commit, name, cancellationToken).ConfigureAwait(false);
            }

            // A branch or ref of the spec here that the run does not have (an earlier run's, left behind) would be taken for the run's.
            var known = refs.Select(r => r.Ref).ToHashSet(StringComparer.Ordinal);
            foreach (var (_, name) in await FleetSpecRunStore.RefsAsync(layout.RepoRoot, layout.SpecName, state.TargetBranch, cancellationToken).ConfigureAwait(false))
            {
                if (!known.Contains(name) && name != "refs/heads/" + state.TargetBranch)
                {
                    throw new InputException($"--take-over: {name} here is not run {run}'s (an earlier run's?); remove it ('git update-ref -d {name}') or take the run over from another clone (nothing was changed)");
                }
            }

            foreach (var (path, content) in saved.Files.Where(f => f.Key.StartsWith("forge/", StringComparison.Ordinal)))
            {
                var mine = Path.Combine(layout.PaceFolder, path);
                if (File.Exists(mine) && LocalForge.HeadOf(File.ReadAllBytes(mine)) is { } head && head != LocalForge.HeadOf(Encoding.UTF8.GetBytes(content)))
                {
                    throw new InputException($"--take-over: this repository's local forge has a pull request of its own numbered as one of run {run}'s ({mine}, of {head}); take the run over from another clone (nothing was changed)");
                }
            }

            Result = (saved, state, refs);
        }

        /// <summary>The ref's commit is on the remote; the ref here, if any, is the run's or behind it; a checkout it moves in has no changes.</summary>
        private async Task CheckRefAsync(string commit, string name, CancellationToken cancellationToken)
        {
            var fetched = await repository.ResolveAsync(FleetSpecRunStore.RemoteRef(run, commit), cancellationToken).ConfigureAwait(false);
            if (fetched != commit)
            {
                throw new FleetException($"--take-over: the commit of {name} of run {run} ({commit[..7]}) is not on the remote ({FleetSpecRunStore.RemoteRef(run, commit)}); was the remote changed by hand? Nothing was changed here");
            }

            var here = await repository.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            if (here is null || here == commit)
            {
                return;
            }

            if (!name.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                throw new InputException($"--take-over: {name} here is not the run's; remove it ('git update-ref -d {name}') or take the run over from another clone (nothing was changed)");
            }

            var branch = name["refs/heads/".Length..];
            if (!await repository.IsAncestorAsync(here, commit, cancellationToken).ConfigureAwait(false))
            {
                throw new InputException($"--take-over: branch {branch} here holds work that the run's does not; take it elsewhere ('git branch -m {branch} OTHER') and try again (nothing of the run was changed)");
            }

            var checkout = (await repository.ListWorktreesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(w => w.Branch == branch && !w.Prunable);
            if (checkout is not null && (await new GitCliWorkspace(checkout.Path).ChangedPathsAsync(here, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                throw new InputException($"--take-over: branch {branch} moves to the run's {commit[..7]}, and its checkout {checkout.Path} has changes; commit or stash them and try again (nothing was changed)");
            }
        }
    }
}
