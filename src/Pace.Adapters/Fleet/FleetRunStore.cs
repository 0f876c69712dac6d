using System.Text.Json;
using Pace.Adapters.Loop;
using Pace.Core.Loop;
using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Adapters.Fleet;

/// <summary>
/// A fleet run's state port (<c>pace run --fleet</c>): the run's files in <c>.pace/</c> as without a
/// fleet, and behind them the run's record in the fleet database (<see cref="FleetRunRecord"/>), so a
/// coordinator on another host can take the run over. The database is written off the loop's path, in
/// order: each state after the run branch it knows is on the remote (<c>refs/pace/fleet/RUN/run-EPOCH</c>),
/// so the record is never ahead of the git it describes. Before the run publishes an item, what it
/// saved is written (<see cref="FlushAsync"/>), so that a coordinator taking over knows every item
/// published. The writes are <see cref="FleetRecordWriter{TBatch}"/>'s: a database out of reach is
/// tried again while the loop goes on; a run another coordinator took over stops at its next step.
/// </summary>
public sealed class FleetRunStore : IRunStore, IAsyncDisposable
{
    private readonly FileRunStore _files;
    private readonly FleetRunRecord _record;
    private readonly FleetItems _items;
    private readonly string _repositoryRoot;
    private readonly FleetRecordWriter<Batch> _writer;

    private RunState? _state;
    private List<string> _journal = [];
    private Dictionary<int, string> _evidence = [];
    private string? _pushedTip;

    /// <param name="hold">The run, held already (a run started again, or taken over); null: a new run, held when it is named.</param>
    public FleetRunStore(FileRunStore files, FleetRunRecord record, FleetItems items, string repositoryRoot, string featureList, FleetRunHold? hold, Action<string> log)
    {
        _files = files;
        _record = record;
        _items = items;
        _repositoryRoot = repositoryRoot;
        _writer = new FleetRecordWriter<Batch>(record, FleetRunRecord.CoordinatorOf(repositoryRoot), featureList, hold, log, Take, PutBack, WriteAsync);
    }

    public RunState? Load() => _files.Load();

    public void Save(RunState state)
    {
        _writer.ThrowIfLost();
        _files.Save(state);
        _writer.Queue(() => _state = state);
    }

    public void Journal(string step, int? session, string? detail = null)
    {
        var line = _files.JournalLineOf(step, session, detail);
        _files.AppendJournal(line);
        _writer.Queue(() => _journal.Add(line));
    }

    public string SessionFolder(int number) => _files.SessionFolder(number);

    public string NewSessionFolder(int number) => _files.NewSessionFolder(number);

    public OwnFiles CaptureOwnFiles() => _files.CaptureOwnFiles();

    public IReadOnlyList<string> RestoreOwnFiles(OwnFiles captured) => _files.RestoreOwnFiles(captured);

    public void SaveEvidence(SessionEvidence evidence)
    {
        _files.SaveEvidence(evidence);
        var json = System.Text.Encoding.UTF8.GetString(EvidenceJson.Serialize(evidence));
        _writer.Queue(() => _evidence[evidence.Session] = json);
    }

    public SessionEvidence? LoadEvidence(int number) => _files.LoadEvidence(number);

    /// <summary>
    /// Waits until everything saved so far is in the database (held first, for a new run), and returns
    /// the epoch to publish under. Throws <see cref="FleetRunLostException"/> once another coordinator holds the run.
    /// </summary>
    public Task<long> FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    /// <summary>
    /// <see cref="FlushAsync"/> for at most 15 s (a database or remote out of reach does not keep a
    /// run from ending): false, said in the log, when the record is not current.
    /// </summary>
    public Task<bool> TryFlushAsync(CancellationToken cancellationToken) =>
        _state?.FleetRun is null ? Task.FromResult(true) : _writer.TryFlushAsync(cancellationToken);

    /// <summary>Writes what is left (bounded, <see cref="TryFlushAsync"/>), then stops the writes under way and lets go of the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await TryFlushAsync(CancellationToken.None).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private (string Run, Batch Batch)? Take()
    {
        if (_state is not { FleetRun: { } run } state)
        {
            return null;
        }

        var batch = new Batch(state, _journal, _evidence);
        (_journal, _evidence) = ([], []);
        return (run, batch);
    }

    private void PutBack(Batch batch)
    {
        _journal = [.. batch.Journal, .. _journal];
        foreach (var (session, json) in batch.Evidence)
        {
            _evidence.TryAdd(session, json);
        }
    }

    private async Task WriteAsync(Batch batch, FleetRunHold hold, CancellationToken cancellationToken)
    {
        var state = batch.State;
        var run = state.FleetRun!;
        var runRef = await PushRunBranchAsync(run, hold.Epoch, state, cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.Serialize(state, LoopJson.Default.RunState);
        await _record.WriteAsync(run, hold.Epoch, json, runRef, state.Finished, batch.Journal, [.. batch.Evidence.Select(e => (e.Key, e.Value))], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run branch on the remote, under this epoch's own ref (a coordinator that lost the run pushes to its own, and harms nothing); its name, or null when the run has no branch yet.</summary>
    private async Task<string?> PushRunBranchAsync(string run, long epoch, RunState state, CancellationToken cancellationToken)
    {
        if (state.Options.Worktree?.Branch is not { } branch)
        {
            return null;
        }

        var remoteRef = $"refs/pace/fleet/{run}/run-{epoch}";
        var tip = await new Git.GitCliRepository(_repositoryRoot).ResolveAsync("refs/heads/" + branch, cancellationToken).ConfigureAwait(false);
        if (tip is null)
        {
            return null;
        }

        if (tip != _pushedTip)
        {
            await _items.PushAsync(tip, remoteRef, cancellationToken).ConfigureAwait(false);
            _pushedTip = tip;
        }

        return remoteRef;
    }

    /// <summary>One write: the latest state, and the journal lines and evidence since the last write.</summary>
    private sealed record Batch(RunState State, List<string> Journal, Dictionary<int, string> Evidence);
}
