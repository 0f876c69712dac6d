using System.Globalization;
using System.Text.Json;
using Pace.Adapters.Git;
using Pace.Adapters.Loop;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Loop;

namespace Pace.Adapters.Doctor;

/// <summary>
/// Reconciles the feature loop's files under .pace/ (lock, run state, journal, evidence) with the
/// repository: what `pace doctor` reports for the loop, and what `pace run` refuses to resume over.
/// </summary>
public sealed partial class LoopDoctor : IDoctorSection
{
    private const string Area = "loop";

    private readonly string _root;
    private readonly string _paceFolder;
    private readonly string? _featureList;
    private readonly TimeProvider _clock;
    private readonly FileRunStore _store;
    /// <summary>Git in the tree the run works in: the root, or the worktree of a `pace run --worktree`.</summary>
    private GitCli _git;

    private string _tree;

    /// <param name="featureList">The feature list's path relative to <paramref name="root"/>; null in a repository with spec runs only.</param>
    public LoopDoctor(string root, string? featureList, TimeProvider clock)
    {
        _root = root;
        _paceFolder = Path.Combine(root, ".pace");
        _featureList = featureList;
        _clock = clock;
        _store = new FileRunStore(_paceFolder, clock);
        _git = new GitCli(root, null);
        _tree = root;
    }

    public async Task<IReadOnlyList<DoctorFinding>> ExamineAsync(CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding> { Lock(), await IdentityAsync(cancellationToken).ConfigureAwait(false), Journal() };
        var (stateFinding, state) = State();
        findings.Add(stateFinding);
        var treeGone = false;
        if (state is { Finished: false, Options.Worktree: { } place })
        {
            var tree = Path.Combine(_root, RunWorktrees.RelativePath);
            treeGone = !Directory.Exists(tree);
            findings.Add(treeGone
                ? new DoctorFinding(Area, "worktree", FindingKind.Note, $"the run works on branch {place.Branch} in {RunWorktrees.RelativePath}, which is gone",
                    $"pace run makes it again from {place.Branch}; what was not committed there is lost")
                : DoctorFinding.Ok(Area, "worktree", $"the run works on branch {place.Branch} in {RunWorktrees.RelativePath}"));
            if (!treeGone)
            {
                (_tree, _git) = (tree, new GitCli(tree, null));
            }
        }

        findings.AddRange(Lanes(state));
        if (state?.Current is { } session && !treeGone)
        {
            findings.AddRange(await SessionAsync(session, cancellationToken).ConfigureAwait(false));
        }

        if (_featureList is not null && !treeGone)
        {
            findings.Add(FeatureList(_featureList, state?.Current));
        }

        findings.AddRange(await EvidenceAsync(state?.Current, cancellationToken).ConfigureAwait(false));
        return findings;
    }

    /// <summary>A parallel run's lanes: those its state holds (resumed where they were), and folders no session holds (removed by the next run).</summary>
    private IEnumerable<DoctorFinding> Lanes(RunState? state)
    {
        var held = state is { Finished: false } ? state.Lanes : [];
        foreach (var lane in held)
        {
            var folder = RunLanes.Folder(_root, lane.Number);
            var where = $"session {lane.Number} ({lane.FeatureId}, {lane.Phase}) works in {RunLanes.RelativePath}/{lane.Number} on branch {Pace.Core.Git.RefNames.LaneBranch(lane.Number)}";
            yield return Directory.Exists(folder)
                ? DoctorFinding.Ok(Area, "lanes", where + "; pace run resumes it there")
                : new DoctorFinding(Area, "lanes", FindingKind.Note, where + ", which is gone", "pace run makes it again from its branch; what was not committed there is lost");
        }

        var lanes = Path.Combine(_root, RunLanes.RelativePath);
        var left = Directory.Exists(lanes)
            ? Directory.EnumerateDirectories(lanes).Select(Path.GetFileName).Where(n => !held.Any(l => l.Number.ToString(CultureInfo.InvariantCulture) == n)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (left.Count > 0)
        {
            yield return new DoctorFinding(Area, "lanes", FindingKind.Note, $"{RunLanes.RelativePath} holds lanes no session of the run holds ({string.Join(", ", left)}): a run was killed after their sessions were recorded",
                "pace run removes them (and their pace/lane/N branches) before it goes on");
        }
    }

    private DoctorFinding Lock()
    {
        var path = Path.Combine(_root, RunLock.RelativePath);
        if (!File.Exists(path))
        {
            return DoctorFinding.Ok(Area, "lock", "no lock: no Pace runs here");
        }

        RunLockHolder? holder;
        try
        {
            holder = JsonSerializer.Deserialize(File.ReadAllBytes(path), RunLockJson.Default.RunLockHolder);
        }
        catch (JsonException e)
        {
            return new DoctorFinding(Area, "lock", FindingKind.Problem, $"{path} cannot be read ({JsonProblem.Describe(e)})",
                "a person: if no Pace runs here, delete it; pace run refuses to start while it is there");
        }

        if (holder is null || !holder.IsRunning())
        {
            return new DoctorFinding(Area, "lock", FindingKind.Problem, $"{path} is left by a Pace that is gone: {holder}", "remove the stale lock")
            {
                Repair = _ =>
                {
                    File.Delete(path);
                    return Task.FromResult($"removed the stale lock {path}");
                },
            };
        }

        return DoctorFinding.Ok(Area, "lock", $"held by a running Pace: {holder}; what follows may change while it runs");
    }

    /// <summary>Runs commit their verified work: without a git identity the first commit fails after a whole session.</summary>
    private async Task<DoctorFinding> IdentityAsync(CancellationToken cancellationToken) =>
        await GitIdentity.ProblemAsync(_root, cancellationToken).ConfigureAwait(false) is { } problem
            ? new DoctorFinding(Area, "git identity", FindingKind.Problem, $"git has no identity to commit with ({problem}); pace run and pace spec run refuse to start",
                $"a person: {GitIdentity.Fix.Replace("\n  ", "; ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)}")
            : DoctorFinding.Ok(Area, "git identity", "git can commit here");

    private (DoctorFinding Finding, RunState? State) State()
    {
        var path = _store.StatePath;
        try
        {
            var state = _store.Load();
            var found = state is null ? "no run state: pace run has not run here"
                : state.Finished ? $"run {state.RunId} finished ({state.StopReason}) after {state.SessionsRun} sessions"
                : state.Current is { } s ? $"run {state.RunId} was interrupted in session {s.Number} ({s.FeatureId}) at phase {s.Phase}"
                : $"run {state.RunId} was interrupted between sessions after {state.SessionsRun}";
            return (DoctorFinding.Ok(Area, "state", found), state);
        }
        catch (InputException e)
        {
            var aside = $"{path}.broken-{_clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            var detail = e.Diagnostics.Count > 0 ? e.Diagnostics[0].ToString() : e.Message;
            return (new DoctorFinding(Area, "state", FindingKind.Problem, detail, $"move it aside to {Path.GetFileName(aside)}; the next pace run starts a new run (the commits and attempt refs stay)")
            {
                BlocksRun = true,
                Repair = _ =>
                {
                    File.Move(path, aside);
                    return Task.FromResult($"moved the unreadable run state to {aside}");
                },
            }, null);
        }
    }

    private DoctorFinding Journal()
    {
        JournalContents<JournalLine> contents;
        try
        {
            contents = _store.ReadJournal();
        }
        catch (InputException e)
        {
            return new DoctorFinding(Area, "journal", FindingKind.Problem, e.Message,
                "a person: the journal was damaged inside, not torn by a crash; fix or move away .pace/run/journal.jsonl (it is a record; the run state does not depend on it)");
        }

        if (contents.DroppedLastLine is { } torn)
        {
            return new DoctorFinding(Area, "journal", FindingKind.Problem, torn.ToString(), "cut the torn last line (pace run does this too)")
            {
                Repair = _ => Task.FromResult($"cut the torn last line of {_store.JournalPath}: {_store.RepairJournal()?.Message}"),
            };
        }

        return DoctorFinding.Ok(Area, "journal", $"{contents.Entries.Count} entries, readable");
    }

    private DoctorFinding FeatureList(string featureList, SessionState? current)
    {
        var path = Path.Combine(_tree, featureList);
        var result = FeatureListFiles.Read(path);
        if (result.List is null)
        {
            var first = result.Errors.FirstOrDefault()?.ToString() ?? path + " is invalid";
            return new DoctorFinding(Area, "feature list", FindingKind.Problem, first, "a person: fix the feature list ('pace validate' lists every error)") { BlocksRun = true };
        }

        if (current is not null && result.List.Find(current.FeatureId) is null)
        {
            return new DoctorFinding(Area, "feature list", FindingKind.Problem, $"feature {current.FeatureId} of the interrupted session {current.Number} is no longer in {featureList}",
                "a person: restore the feature, or move .pace/run/state.json aside to drop the session") { BlocksRun = true };
        }

        return DoctorFinding.Ok(Area, "feature list", $"{featureList}: {result.List.Progress.Passing}/{result.List.Progress.Total} passing");
    }
}
