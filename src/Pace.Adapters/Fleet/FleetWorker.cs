using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Pace.Adapters.Fleet;

/// <summary>
/// A worker's slots on the fleet: each free slot claims one item, runs it while heartbeats keep its
/// lease, and reports its result. A heartbeat that finds the item no longer this worker's (the lease
/// ran out, another worker claimed it), or that cannot reach the database until the lease has run
/// out, stops that item's work at once: its result would be refused anyway. Stopping the worker
/// (Ctrl-C) hands back what its slots hold, for the next free slot anywhere. An idle slot waits for a
/// notice on <see cref="FleetWork.Channel"/>, or looks again after <see cref="IdleLook"/> for leases
/// that ran out without one. A database that cannot be reached is tried again with the pauses of <see cref="FleetBackoff"/>.
/// </summary>
/// <param name="runItem">Does one item's work and returns its result (JSON); cancelled when the worker stops or the lease is lost.</param>
public sealed class FleetWorker(FleetWork work, string workerId, int slots, TimeSpan lease, Func<WorkClaim, CancellationToken, Task<string>> runItem, Action<string> log)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long an idle slot waits without a notice before it looks for work again.</summary>
    public TimeSpan IdleLook { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The agents this worker runs (names as the projects' pace.json give them); null: any. Items of other agents are left for other workers.</summary>
    public IReadOnlyList<string>? Agents { get; init; }

    /// <summary>What an item's result says its work cost (added to its run's cost as it is reported); nothing unless given.</summary>
    public Func<string, decimal> CostOf { get; init; } = _ => 0;

    /// <summary>How often a worker tells the fleet it is alive (<c>pace fleet status</c> shows when each was last seen).</summary>
    public TimeSpan Presence { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs the slots until <paramref name="stop"/>; then hands back what they hold, says it stopped, and returns.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await work.RegisterAsync(workerId, Environment.MachineName, slots, stop).ConfigureAwait(false);
        var listener = ListenAsync(stop);
        var presence = PresenceAsync(stop);
        try
        {
            await Task.WhenAll(Enumerable.Range(1, slots).Select(slot => SlotAsync(slot, stop))).ConfigureAwait(false);
        }
        finally
        {
            await listener.ConfigureAwait(false);
            await presence.ConfigureAwait(false);
            await SayStoppedAsync().ConfigureAwait(false);
        }
    }

    private async Task PresenceAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Presence, stop).ConfigureAwait(false);
                await work.SeenAsync(workerId, stopped: false, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e))
            {
                // The slots say what is wrong with the database; the next beat tries again.
            }
        }
    }

    private async Task SayStoppedAsync()
    {
        try
        {
            await work.SeenAsync(workerId, stopped: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (FleetDatabase.Unreachable(e))
        {
            log($"could not record the stop in the fleet database: {e.Message}");
        }
    }

    /// <summary>Every notice wakes every idle slot; a slot that finds nothing waits again.</summary>
    private void Wake()
    {
        lock (_gate)
        {
            _wake.TrySetResult();
            _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private Task Woken()
    {
        lock (_gate)
        {
            return _wake.Task;
        }
    }

    /// <summary>Listens for notices until the worker stops; a lost connection is opened again (the slots meanwhile look every <see cref="IdleLook"/>).</summary>
    private async Task ListenAsync(CancellationToken stop)
    {
        for (var failures = 0; !stop.IsCancellationRequested;)
        {
            try
            {
                var listening = await work.ListenAsync(stop).ConfigureAwait(false);
                try
                {
                    listening.Notification += (_, _) => Wake();
                    failures = 0;
                    // Work published while no one listened is found by this look.
                    Wake();
                    while (true)
                    {
                        await listening.WaitAsync(stop).ConfigureAwait(false);
                    }
                }
                finally
                {
                    await FleetWork.UnlistenAsync(listening).ConfigureAwait(false);
                    await listening.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e))
            {
                log($"listening for work: {e.Message}; trying again");
                await FleetBackoff.PauseAsync(++failures, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task SlotAsync(int slot, CancellationToken stop)
    {
        for (var failures = 0; !stop.IsCancellationRequested;)
        {
            // Taken before the claim: a notice that comes between the claim and the wait is not missed.
            var woken = Woken();
            WorkClaim? claim;
            try
            {
                claim = await work.ClaimAsync(workerId, lease, stop, Agents).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e))
            {
                log($"slot {slot}: the fleet database: {e.Message}; trying again");
                await FleetBackoff.PauseAsync(++failures, stop).ConfigureAwait(false);
                continue;
            }

            if (claim is null)
            {
                await Task.WhenAny(woken, Task.Delay(IdleLook, stop)).ConfigureAwait(false);
                continue;
            }

            log($"slot {slot}: {claim.Work.Kind} {claim.Work.Item} of run {claim.Work.Run} (fence {claim.Fence})");
            await RunClaimAsync(slot, claim, stop).ConfigureAwait(false);
        }
    }

    private async Task RunClaimAsync(int slot, WorkClaim claim, CancellationToken stop)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var beating = new CancellationTokenSource();
        var lost = false;
        var heartbeat = HeartbeatAsync();
        try
        {
            string result;
            try
            {
                result = await runItem(claim, held.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Reported, not handed back: an item that fails the same way everywhere would go round the fleet for ever.
                result = $"{{\"error\":\"{JsonEncodedText.Encode(e.Message)}\"}}";
                log($"slot {slot}: {claim.Work.Item} failed: {e.Message}");
            }

            await beating.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            if (lost || !await ReportAsync(slot, claim, result).ConfigureAwait(false))
            {
                log($"slot {slot}: the result of {claim.Work.Item} was not taken: the item is no longer this worker's");
            }
        }
        catch (OperationCanceledException) when (lost)
        {
            log($"slot {slot}: the lease of {claim.Work.Item} was lost; its work stopped (the item goes to another slot)");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            try
            {
                var handedBack = await work.HandBackAsync(claim, CancellationToken.None).ConfigureAwait(false);
                log($"slot {slot}: stopping; {claim.Work.Item} {(handedBack ? "is handed back" : "was no longer this worker's")}");
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e))
            {
                log($"slot {slot}: stopping; {claim.Work.Item} could not be handed back ({e.Message}): another worker takes it when its lease runs out");
            }
        }
        finally
        {
            await beating.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }

        async Task HeartbeatAsync()
        {
            // The lease as this host last knew it held; a database out of reach until then means the lease is gone.
            var sinceBeat = Stopwatch.StartNew();
            try
            {
                while (true)
                {
                    await Task.Delay(lease / 3, beating.Token).ConfigureAwait(false);
                    try
                    {
                        if (!await work.HeartbeatAsync(claim, lease, beating.Token).ConfigureAwait(false))
                        {
                            break;
                        }

                        sinceBeat.Restart();
                    }
                    catch (Exception e) when (FleetDatabase.Unreachable(e))
                    {
                        if (sinceBeat.Elapsed >= lease)
                        {
                            break;
                        }

                        log($"slot {slot}: a heartbeat of {claim.Work.Item} did not reach the database ({e.Message}); trying again");
                    }
                }

                lost = true;
                await held.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (beating.IsCancellationRequested)
            {
            }
        }

    }

    /// <summary>
    /// Reports the item done; a database out of reach is tried again while the lease may still hold
    /// (after that another worker may have the item, and the report would be refused anyway).
    /// </summary>
    private async Task<bool> ReportAsync(int slot, WorkClaim claim, string result)
    {
        var since = Stopwatch.StartNew();
        for (var failures = 1; ; failures++)
        {
            try
            {
                return await work.CompleteAsync(claim, result, CancellationToken.None, CostOf(result)).ConfigureAwait(false);
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e) && since.Elapsed < lease)
            {
                log($"slot {slot}: the report of {claim.Work.Item} did not reach the database ({e.Message}); trying again");
                await FleetBackoff.PauseAsync(failures, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e))
            {
                log($"slot {slot}: the report of {claim.Work.Item} did not reach the database before its lease ran out ({e.Message})");
                return false;
            }
        }
    }
}
