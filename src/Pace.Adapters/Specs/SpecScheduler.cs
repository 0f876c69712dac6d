using System.Collections.Concurrent;
using Pace.Core.Scheduling;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>One wave's tasks as they run: which passed and how many of them (in spec order) are merged into the wave branch.</summary>
internal sealed record WaveRun(
    int Wave, string WaveBranch, string WaveTree, TestTotals? Baseline, TasksAtHand At, Func<SpecEvent, Task> Report, IEnumerable<string> PassedBefore)
{
    public ConcurrentDictionary<string, bool> Passed { get; } = new(PassedBefore.Select(id => KeyValuePair.Create(id, true)), StringComparer.Ordinal);

    public int Merged { get; set; }

    /// <summary>A merge was refused (a conflict, or red checks on the merged tree): the rest waits for MergeTaskBranches, which reports it.</summary>
    public bool Blocked { get; set; }
}

/// <summary>
/// The spec run's scheduler of agent slots (maxParallel): a wave's tasks run at once, each in a slot,
/// before any task of a later wave; a task paused by a usage window frees its slot meanwhile; a later
/// wave's task whose dependencies have results starts early in a spare slot (docs/specs.md), and its
/// wave's task takes its slot over when its wave comes. Which tasks are ready is Core's
/// <see cref="EarlyStartRule"/>; this class only places them in slots and runs them.
/// </summary>
internal sealed partial class SpecScheduler(WaveContext context, WaveStart start, SpecTaskRunner runner, TaskMerges merges, SpecUsageWaits waits) : IDisposable
{
    private readonly AgentSlots _slots = new(context.MaxParallel);

    private SpecLayout Layout => context.Layout;

    private DateTimeOffset Now => context.Clock.GetUtcNow();

    public void Dispose()
    {
        _slots.Dispose();
        _scan.Dispose();
        _earlyStop.Dispose();
    }

    /// <summary>RunWaveTasks: the wave made ready, then every task not reported yet in a slot; one task's exception stops the others.</summary>
    public async Task RunWaveAsync(RunWaveTasks run, TasksAtHand at, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var prepared = await start.PrepareAsync(run, report, cancellationToken).ConfigureAwait(false);
        var tasks = context.Spec.TasksOf(run.Wave);
        var reported = at.Passed.Concat(at.Failed).ToHashSet(StringComparer.Ordinal);
        var todo = tasks.Where(t => !reported.Contains(t.Id)).ToList();
        var wave = new WaveRun(run.Wave, run.WaveBranch, prepared.Tree, prepared.Baseline, at, report, at.Passed);
        _slots.Expect(todo.Count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        List<Task> running = [.. todo.Select(async task =>
        {
            try
            {
                await RunInSlotAsync(wave, task, prepared.BaseCommit, stop.Token).ConfigureAwait(false);
            }
            catch
            {
                // As Parallel.ForEachAsync does: one task's exception stops the others.
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        })];
        if (at.EarlyStart)
        {
            await SetViewAsync(new EarlyView(run.Wave, run.BaseBranch, at.EarlyTasks, wave.Passed.ContainsKey, report, cancellationToken)).ConfigureAwait(false);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>
    /// One task of the wave in one parallel slot. If it is still running early, its result is awaited
    /// and its slot taken over; otherwise the task waits for a slot, before any task of a later wave.
    /// </summary>
    private async Task RunInSlotAsync(WaveRun wave, SpecTask task, string baseCommit, CancellationToken cancellationToken)
    {
        var saved = wave.At.Paused.FirstOrDefault(p => p.TaskId == task.Id);
        if (saved is not null)
        {
            // Killed while the task was paused: the restarted run waits only the rest.
            await WaitOutAsync(wave, saved, cancellationToken).ConfigureAwait(false);
        }

        var owns = _early.TryGetValue(EarlyKey(wave.Wave, task.Id), out var run) && run.Lease.TryTakeOver();
        if (owns)
        {
            _slots.StopWaiting();
        }

        EarlyTask? early;
        try
        {
            early = await EarlyResultAsync(wave.Wave, task.Id, wave.At.EarlyTasks).ConfigureAwait(false);
            if (!owns)
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch when (owns)
        {
            // The early run was stopped (the run is being cancelled) and handed its slot over all the same.
            _slots.Release();
            throw;
        }
        finally
        {
            if (!owns)
            {
                _slots.StopWaiting();
            }
        }

        // A task whose result the wave branch refused runs again from the wave branch as it is now (which
        // holds the wave's other tasks and stays put until it reports), never from an early result.
        var refused = wave.At.Refused.FirstOrDefault(r => r.TaskId == task.Id);
        try
        {
            if (refused is null)
            {
                early ??= await CollectLostAsync(wave.Wave, task, wave.At.EarlyTasks, wave.Report, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                early = null;
                baseCommit = await context.Repository.ResolveAsync("refs/heads/" + wave.WaveBranch, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"branch {wave.WaveBranch} vanished");
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }

        SpecEvent outcome;
        var pauses = saved?.Count ?? 0;
        while (true)
        {
            try
            {
                outcome = await runner.RunAsync(wave.Wave, task, baseCommit, wave.Baseline, early, cancellationToken, pausesBefore: pauses, refused: refused).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }

            if (outcome is not TaskPaused paused)
            {
                break;
            }

            // The task's slot pauses, not the run: it is free for the wave's other tasks meanwhile.
            await wave.Report(paused).ConfigureAwait(false);
            Kick();
            await WaitOutAsync(wave, paused.Pause, cancellationToken).ConfigureAwait(false);
            pauses = paused.Pause.Count;
            early = null;
            await _slots.QueueAsync(cancellationToken).ConfigureAwait(false);
        }

        await wave.Report(outcome).ConfigureAwait(false);
        if (outcome is TaskPassed)
        {
            wave.Passed[task.Id] = true;
        }

        Kick();
        // With early start on, passed tasks join the wave branch as they pass (the final wave's join at its end).
        if (outcome is TaskPassed && wave.At.EarlyStart && wave.Wave < context.Spec.Waves.Count)
        {
            await merges.MergePassedAsync(wave, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the task's pause ends (only the rest of it after a restart), with its slot free for the other tasks.</summary>
    private async Task WaitOutAsync(WaveRun wave, TaskPause pause, CancellationToken cancellationToken)
    {
        await waits.SleepUntilAsync(pause.Until, cancellationToken).ConfigureAwait(false);
        context.Log($"wave {wave.Wave}: task {pause.TaskId} resumes after the {pause.Reason} of {pause.Agent}");
        await wave.Report(new TaskResumed(Now, wave.Wave, pause.TaskId)).ConfigureAwait(false);
    }
}
