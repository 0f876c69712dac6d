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
/// published. A database out of reach is tried again (<see cref="FleetBackoff"/>) while the loop goes
/// on; a run another coordinator took over stops at its next step.
/// </summary>
public sealed class FleetRunStore : IRunStore, IAsyncDisposable
{
    private readonly FileRunStore _files;
    private readonly FleetRunRecord _record;
    private readonly FleetItems _items;
    private readonly string _coordinator;
    private readonly string _featureList;
    private readonly string _repositoryRoot;
    private readonly Action<string> _log;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;

    private FleetRunHold? _hold;

    /// <summary>The epoch of the last hold, kept while a broken one is replaced.</summary>
    private long _epoch;
    private RunState? _state;
    private List<string> _journal = [];
    private Dictionary<int, string> _evidence = [];
    private long _queued;
    private long _written;
    private FleetException? _lost;
    private string? _pushedTip;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="hold">The run, held already (a run started again, or taken over); null: a new run, held when it is named.</param>
    public FleetRunStore(FileRunStore files, FleetRunRecord record, FleetItems items, string repositoryRoot, string featureList, FleetRunHold? hold, Action<string> log)
    {
        _files = files;
        _record = record;
        _items = items;
        _repositoryRoot = repositoryRoot;
        _featureList = featureList;
        _coordinator = FleetRunRecord.CoordinatorOf(repositoryRoot);
        _hold = hold;
        _epoch = hold?.Epoch ?? 0;
        _log = log;
        _writer = Task.Run(WriteLoopAsync);
    }

    public RunState? Load() => _files.Load();

    public void Save(RunState state)
    {
        ThrowIfLost();
        _files.Save(state);
        Queue(() => _state = state);
    }

    public void Journal(string step, int? session, string? detail = null)
    {
        var line = _files.JournalLineOf(step, session, detail);
        _files.AppendJournal(line);
        Queue(() => _journal.Add(line));
    }

    public string SessionFolder(int number) => _files.SessionFolder(number);

    public string NewSessionFolder(int number) => _files.NewSessionFolder(number);

    public OwnFiles CaptureOwnFiles() => _files.CaptureOwnFiles();

    public IReadOnlyList<string> RestoreOwnFiles(OwnFiles captured) => _files.RestoreOwnFiles(captured);

    public void SaveEvidence(SessionEvidence evidence)
    {
        _files.SaveEvidence(evidence);
        var json = System.Text.Encoding.UTF8.GetString(EvidenceJson.Serialize(evidence));
        Queue(() => _evidence[evidence.Session] = json);
    }

    public SessionEvidence? LoadEvidence(int number) => _files.LoadEvidence(number);

    /// <summary>
    /// Waits until everything saved so far is in the database (held first, for a new run), and returns
    /// the epoch to publish under. Throws <see cref="FleetRunLostException"/> once another coordinator holds the run.
    /// </summary>
    public async Task<long> FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        while (true)
        {
            Task progress;
            lock (_gate)
            {
                ThrowIfLost();
                if (_written >= target && _hold is { } hold)
                {
                    return hold.Epoch;
                }

                progress = _progress.Task;
            }

            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <see cref="FlushAsync"/> for at most 15 s (a database or remote out of reach does not keep a
    /// run from ending): false, said in the log, when the record is not current.
    /// </summary>
    public async Task<bool> TryFlushAsync(CancellationToken cancellationToken)
    {
        if (_state?.FleetRun is null)
        {
            return true;
        }

        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(TimeSpan.FromSeconds(15));
            await FlushAsync(bounded.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or FleetException)
        {
            _log($"the fleet database does not have this run's latest steps ({(e is FleetException ? e.Message : "it or the remote could not be reached")}); the files in .pace/ do");
            return false;
        }
    }

    /// <summary>Writes what is left (bounded, <see cref="TryFlushAsync"/>), then stops the writes under way and lets go of the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await TryFlushAsync(CancellationToken.None).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _writer.ConfigureAwait(false);
        if (_hold is not null)
        {
            await _hold.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private void ThrowIfLost()
    {
        if (_lost is { } lost)
        {
            throw lost is FleetRunLostException ? new FleetRunLostException(lost.Message) : new FleetException(lost.Message);
        }
    }

    private void Queue(Action change)
    {
        lock (_gate)
        {
            change();
            _queued++;
        }

        _signal.Release();
    }

    private async Task WriteLoopAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            while (true)
            {
                RunState? state;
                List<string> journal;
                Dictionary<int, string> evidence;
                long upTo;
                lock (_gate)
                {
                    (state, journal, evidence, upTo) = (_state, _journal, _evidence, _queued);
                    if (state?.FleetRun is null || upTo == _written)
                    {
                        // Nothing to name the run by yet (or nothing new): the lines wait for its first state.
                        break;
                    }

                    (_journal, _evidence) = ([], []);
                }

                try
                {
                    await WriteAsync(state, journal, evidence).ConfigureAwait(false);
                    failures = 0;
                    lock (_gate)
                    {
                        _written = upTo;
                        Progress();
                    }
                }
                catch (FleetRunLostException e)
                {
                    Stop(e);
                    return;
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (FleetDatabase.Unreachable(e) || e is Git.GitException or FleetRunBusyException or FleetRemoteException)
                {
                    // The database or the remote out of reach: put back in order, before anything newer, and try again.
                    lock (_gate)
                    {
                        _journal = [.. journal, .. _journal];
                        foreach (var (session, json) in evidence)
                        {
                            _evidence.TryAdd(session, json);
                        }
                    }

                    var wait = FleetBackoff.After(++failures);
                    _log($"the run's record did not reach the fleet database ({e.Message}); trying again in {wait.TotalSeconds:0.#} s");
                    try
                    {
                        await Task.Delay(wait, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Refused for good (no permission, say): the run cannot be taken over, so it stops rather than go on unrecorded.
                    Stop(new FleetException($"the run's record cannot be written to the fleet database: {e.Message}"));
                    return;
                }
            }
        }
    }

    private async Task WriteAsync(RunState state, List<string> journal, Dictionary<int, string> evidence)
    {
        var run = state.FleetRun!;
        var stop = _stop.Token;
        if (_hold is null || !await _hold.AliveAsync(stop).ConfigureAwait(false))
        {
            // The lock's connection broke (a restart, a cut): let go of it, and hold the run again under the same epoch.
            var broken = _hold;
            _hold = null;
            if (broken is not null)
            {
                await broken.DisposeAsync().ConfigureAwait(false);
            }

            _hold = await _record.HoldAsync(run, _coordinator, _featureList, _epoch == 0 ? FleetRunRecord.Mode.Start : FleetRunRecord.Mode.Again, stop, _epoch).ConfigureAwait(false);
            _epoch = _hold.Epoch;
        }

        var runRef = await PushRunBranchAsync(run, _hold.Epoch, state, stop).ConfigureAwait(false);
        var json = JsonSerializer.Serialize(state, LoopJson.Default.RunState);
        await _record.WriteAsync(run, _hold.Epoch, json, runRef, state.Finished, journal, [.. evidence.Select(e => (e.Key, e.Value))], stop).ConfigureAwait(false);
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

    private void Stop(FleetException reason)
    {
        lock (_gate)
        {
            _lost = reason;
            Progress();
        }

        _log(reason.Message);
    }

    private void Progress()
    {
        var done = _progress;
        _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
    }
}
