namespace Pace.Core.Scheduling;

/// <summary>
/// The scheduler's agent slots: at most N agents at once. Items with first claim (a spec wave's own
/// tasks) say they are coming (<see cref="Expect"/>) before they queue; while any of them waits, an
/// item that may only use a spare slot (a later wave's task starting early) gets none. A spare slot
/// is held by a <see cref="SlotLease"/>, which the item of first claim it stood in for can take over.
/// </summary>
public sealed class AgentSlots : IDisposable
{
    private readonly SemaphoreSlim _free;
    private int _waiting;

    public AgentSlots(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _free = new SemaphoreSlim(count, count);
    }

    /// <summary>Items of first claim that are waiting, or about to wait, for a slot.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary><paramref name="count"/> items of first claim are coming: from now on no spare slot is given until each has its slot or withdrawn.</summary>
    public void Expect(int count) => Interlocked.Add(ref _waiting, count);

    /// <summary>An expected item no longer waits: it has its slot (or took a lease over, or gave up).</summary>
    public void StopWaiting() => Interlocked.Decrement(ref _waiting);

    /// <summary>Waits for a free slot (an expected item calls <see cref="StopWaiting"/> afterwards, whatever happened).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _free.WaitAsync(cancellationToken);

    /// <summary>An item of first claim queues again (after a pause, say): expected, then waits, then no longer waiting.</summary>
    public async Task QueueAsync(CancellationToken cancellationToken)
    {
        Expect(1);
        try
        {
            await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            StopWaiting();
        }
    }

    /// <summary>A spare slot, when one is free and no item of first claim waits; null otherwise.</summary>
    public SlotLease? TryTakeSpare() =>
        Waiting == 0 && _free.Wait(0, CancellationToken.None) ? new SlotLease(this) : null;

    public void Release() => _free.Release();

    public void Dispose() => _free.Dispose();
}

/// <summary>
/// A spare slot held by an item running ahead of its turn. When the item of first claim it stands in
/// for comes while it still runs, that one takes the slot over (<see cref="TryTakeOver"/>) instead
/// of queueing: the run's <see cref="End"/> then leaves the slot to it.
/// </summary>
public sealed class SlotLease
{
    private readonly AgentSlots _slots;
    private readonly Lock _gate = new();
    private bool _ended;
    private bool _takenOver;

    internal SlotLease(AgentSlots slots) => _slots = slots;

    /// <summary>True, and the slot is the caller's, when the holder has not ended yet.</summary>
    public bool TryTakeOver()
    {
        lock (_gate)
        {
            _takenOver = !_ended;
            return _takenOver;
        }
    }

    /// <summary>The holder is done: the slot is freed, unless it was taken over.</summary>
    public void End()
    {
        bool free;
        lock (_gate)
        {
            free = !_ended && !_takenOver;
            _ended = true;
        }

        if (free)
        {
            _slots.Release();
        }
    }
}
