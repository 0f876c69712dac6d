namespace Pace.Adapters.Fleet;

/// <summary>
/// Writes a coordinated run's record to the fleet database off the run's path, in order, for the
/// state ports of <c>pace run --fleet</c> (<see cref="FleetRunStore"/>) and <c>pace spec run --fleet</c>
/// (<see cref="FleetSpecRunStore"/>). The store queues its changes (<see cref="Queue"/>); a background
/// loop takes what is queued as one batch and writes it under the run's hold, which it takes (again)
/// when its lock's connection broke. A database or remote out of reach is tried again
/// (<see cref="FleetBackoff"/>), the batch put back before anything newer; a run another coordinator
/// took over, or a record refused for good, stops the store at its next step.
/// </summary>
/// <typeparam name="TBatch">What one write carries (the store's changes since the last).</typeparam>
internal sealed class FleetRecordWriter<TBatch> : IAsyncDisposable
    where TBatch : class
{
    private readonly FleetRunRecord _record;
    private readonly string _coordinator;
    private readonly string _subject;
    private readonly Action<string> _log;
    private readonly Func<(string Run, TBatch Batch)?> _take;
    private readonly Action<TBatch> _putBack;
    private readonly Func<TBatch, FleetRunHold, CancellationToken, Task> _write;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private FleetRunHold? _hold;

    /// <summary>The epoch of the last hold, kept while a broken one is replaced.</summary>
    private long _epoch;
    private long _queued;
    private long _written;
    private FleetException? _lost;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="subject">What the run works on (its feature list, its spec), kept with the run so a takeover elsewhere is checked against it.</param>
    /// <param name="hold">The run, held already; null: held at the first write.</param>
    /// <param name="take">Under <see cref="Gate"/>: the run's name and the changes queued since the last batch (which it forgets), or null when there is nothing to write yet.</param>
    /// <param name="putBack">Under <see cref="Gate"/>: a batch that was not written, put back before anything queued since.</param>
    /// <param name="write">Writes a batch under the hold (pushes first, then the database).</param>
    public FleetRecordWriter(
        FleetRunRecord record, string coordinator, string subject, FleetRunHold? hold, Action<string> log,
        Func<(string Run, TBatch Batch)?> take, Action<TBatch> putBack, Func<TBatch, FleetRunHold, CancellationToken, Task> write)
    {
        _record = record;
        _coordinator = coordinator;
        _subject = subject;
        _hold = hold;
        _epoch = hold?.Epoch ?? 0;
        _log = log;
        (_take, _putBack, _write) = (take, putBack, write);
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>What the store's changes and the batches are guarded by.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Ends the writes under way (the loop's token).</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Makes a change to what the store will write (under <see cref="Gate"/>) and wakes the loop.</summary>
    public void Queue(Action change)
    {
        lock (Gate)
        {
            change();
            _queued++;
        }

        _signal.Release();
    }

    /// <summary>Throws what stopped the record (another coordinator holds the run, or it was refused for good).</summary>
    public void ThrowIfLost()
    {
        if (_lost is { } lost)
        {
            throw lost is FleetRunLostException ? new FleetRunLostException(lost.Message) : new FleetException(lost.Message);
        }
    }

    /// <summary>
    /// Waits until everything queued so far is in the database (held first, for a new run), and returns
    /// the epoch to publish under. Throws <see cref="FleetRunLostException"/> once another coordinator holds the run.
    /// </summary>
    public async Task<long> FlushAsync(CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _queued);
        while (true)
        {
            Task progress;
            lock (Gate)
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

    /// <summary>Stops the writes under way and lets go of the run (the store flushes first, when it has a run to flush).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_hold is not null)
        {
            await _hold.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _signal.Dispose();
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
                (string Run, TBatch Batch)? next;
                long upTo;
                lock (Gate)
                {
                    upTo = _queued;
                    // Nothing to name the run by yet (or nothing new): what is queued waits for the run's first state.
                    next = upTo == _written ? null : _take();
                    if (next is null)
                    {
                        break;
                    }
                }

                var (run, batch) = next.Value;
                try
                {
                    await WriteAsync(run, batch).ConfigureAwait(false);
                    failures = 0;
                    lock (Gate)
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
                    lock (Gate)
                    {
                        _putBack(batch);
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

    private async Task WriteAsync(string run, TBatch batch)
    {
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

            _hold = await _record.HoldAsync(run, _coordinator, _subject, _epoch == 0 ? FleetRunRecord.Mode.Start : FleetRunRecord.Mode.Again, stop, _epoch).ConfigureAwait(false);
            _epoch = _hold.Epoch;
        }

        await _write(batch, _hold, stop).ConfigureAwait(false);
    }

    private void Stop(FleetException reason)
    {
        lock (Gate)
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
