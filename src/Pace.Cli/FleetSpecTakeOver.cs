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
/// checked first (the run's saved state, its spec, its refs on the remote against this repository's,
/// its pull requests against this forge's); then the run is held (its lock must be free, and its epoch
/// grows: the old coordinator, if it comes back, can write nothing more), its refs are set here (the
/// target branch by a fast-forward), and its files, journal and state become this repository's, from
/// which the run resumes as any spec run does.
/// </summary>
internal static class FleetSpecTakeOver
{
    public static async Task<FleetRunHold> RunAsync(CliContext context, FleetHost fleet, FileSpecRunStore store, SpecLayout layout, string run, CancellationToken cancellationToken)
    {
        // This repository's own unfinished run of the spec may be taken back; another is refused.
        var named = Path.Combine(layout.DataFolder, FleetTaskSessions.FileName);
        var own = File.Exists(named) ? File.ReadAllText(named).Trim() : null;
        if (store.Load() is { Phase: not SpecPhase.Completed } state && own != run)
        {
            throw new InputException($"--take-over: this repository has a run of spec {layout.SpecName} of its own that has not finished ({state.Phase}{(own is null ? "" : $", fleet run {own}")}); finish it first, or take the run over from another clone of the project (nothing was changed)");
        }

        var repository = new GitCliRepository(layout.RepoRoot);
        try
        {
            await ReadCheckedAsync(fleet, repository, layout, run, cancellationToken).ConfigureAwait(false);
            var hold = await fleet.Record.HoldAsync(run, FleetRunRecord.CoordinatorOf(layout.RepoRoot), FleetSpecRunStore.SubjectOf(layout), FleetRunRecord.Mode.TakeOver, cancellationToken).ConfigureAwait(false);
            try
            {
                // Read again under the lock: what the last coordinator wrote before it let go is what counts.
                var (saved, taken, refs) = await ReadCheckedAsync(fleet, repository, layout, run, cancellationToken).ConfigureAwait(false);
                await SetRefsAsync(repository, refs, cancellationToken).ConfigureAwait(false);
                foreach (var (path, content) in saved.Files)
                {
                    AtomicFile.WriteAllText(Path.Combine(layout.PaceFolder, path), content);
                }

                AtomicFile.WriteAllText(named, run + "\n");
                foreach (var line in saved.Journal)
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
        catch (Exception e) when (FleetDatabase.Unreachable(e))
        {
            throw new FleetException($"--take-over: the fleet database could not be reached ({e.Message}); nothing of the run was changed here, try again");
        }
        catch
        {
            // Refused: the copies of the run's refs fetched to check it go too.
            await fleet.Items.DropFetchedRunRefsAsync(run, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The run as the database has it, checked: its state, its spec (this clone's), its refs (fetched
    /// from the remote, each where the record says, none holding other work here) and its pull requests.
    /// </summary>
    private static async Task<(SavedRun Saved, SpecState State, IReadOnlyList<(string Commit, string Ref)> Refs)> ReadCheckedAsync(
        FleetHost fleet, GitCliRepository repository, SpecLayout layout, string run, CancellationToken cancellationToken)
    {
        var saved = await fleet.Record.ReadAsync(run, cancellationToken).ConfigureAwait(false)
            ?? throw new FleetRunLostException($"the fleet database has no saved state of a run named {run} to take over ('pace fleet status' lists the runs)");
        var subject = FleetSpecRunStore.SubjectOf(layout);
        if (saved.FeatureList != subject)
        {
            throw new InputException($"--take-over: run {run} works on {saved.FeatureList}, not on {subject}; run it with the spec it works on; nothing was changed");
        }

        var state = SpecStateJson.Read($"the state of fleet run {run}", Encoding.UTF8.GetBytes(saved.State));
        try
        {
            await fleet.Items.FetchRunRefsAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (FleetRemoteException e)
        {
            throw new FleetRemoteException($"--take-over: the run's remote could not be reached ({e.Message}); nothing of the run was changed here, try again");
        }

        var refs = new List<(string Commit, string Ref)>();
        foreach (var line in (saved.Refs ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (commit, name) = (line[..line.IndexOf(' ', StringComparison.Ordinal)], line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var fetched = await repository.ResolveAsync(FleetSpecRunStore.RemoteRef(run, commit), cancellationToken).ConfigureAwait(false);
            if (fetched != commit)
            {
                throw new FleetException($"--take-over: the commit of {name} of run {run} ({commit[..7]}) is not on the remote ({FleetSpecRunStore.RemoteRef(run, commit)}); was the remote changed by hand? Nothing was changed here");
            }

            var here = await repository.ResolveAsync(name, cancellationToken).ConfigureAwait(false);
            var branch = name.StartsWith("refs/heads/", StringComparison.Ordinal);
            if (here is not null && here != commit && !(branch && await repository.IsAncestorAsync(here, commit, cancellationToken).ConfigureAwait(false)))
            {
                throw new InputException(branch
                    ? $"--take-over: branch {name["refs/heads/".Length..]} here holds work that the run's does not; take it elsewhere ('git branch -m {name["refs/heads/".Length..]} OTHER') and try again (nothing of the run was changed)"
                    : $"--take-over: {name} here is not the run's; remove it ('git update-ref -d {name}') or take the run over from another clone (nothing was changed)");
            }

            refs.Add((commit, name));
        }

        foreach (var (path, content) in saved.Files.Where(f => f.Key.StartsWith("forge/", StringComparison.Ordinal)))
        {
            var local = Path.Combine(layout.PaceFolder, path);
            if (File.Exists(local) && LocalForge.HeadOf(File.ReadAllBytes(local)) is { } head && head != LocalForge.HeadOf(Encoding.UTF8.GetBytes(content)))
            {
                throw new InputException($"--take-over: this repository's local forge has a pull request of its own numbered as one of run {run}'s ({local}, of {head}); take the run over from another clone (nothing was changed)");
            }
        }

        return (saved, state, refs);
    }

    /// <summary>The run's refs here: branches by a fast-forward (a checked-out one with its files), the rest as they are.</summary>
    private static async Task SetRefsAsync(GitCliRepository repository, IReadOnlyList<(string Commit, string Ref)> refs, CancellationToken cancellationToken)
    {
        foreach (var (commit, name) in refs)
        {
            if (!name.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                await repository.UpdateRefAsync(name, commit, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                if (!await repository.FastForwardAsync(name["refs/heads/".Length..], commit, cancellationToken).ConfigureAwait(false))
                {
                    throw new InputException($"--take-over: branch {name["refs/heads/".Length..]} moved here meanwhile; take the run over again");
                }
            }
            catch (GitException e)
            {
                throw new InputException($"--take-over: branch {name["refs/heads/".Length..]} is checked out here with changes that its move to the run's {commit[..7]} would touch; commit or stash them and take the run over again ({e.Message})");
            }
        }
    }
}
