using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

// The parallel slots: a task of the current wave takes one before any task of a later wave does.
public sealed partial class WaveEffects
{
    /// <summary>
    /// One task of the wave in one parallel slot. If it is still running early, its result is awaited
    /// and its slot taken over; otherwise the task waits for a slot, before any task of a later wave.
    /// </summary>
    private async Task RunInSlotAsync(WaveRun wave, SpecTask task, string baseCommit, CancellationToken cancellationToken)
    {
        var saved = wave.State.ExecutionStatus.PausedTasks.FirstOrDefault(p => p.TaskId == task.Id);
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
            early = await EarlyResultAsync(wave.Wave, task.Id, wave.State).ConfigureAwait(false);
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

        SpecEvent outcome;
        var pauses = saved?.Count ?? 0;
        while (true)
        {
            try
            {
                outcome = await RunTaskAsync(wave.Wave, task, baseCommit, wave.Baseline, early, cancellationToken, pausesBefore: pauses).ConfigureAwait(false);
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
        if (outcome is TaskPassed)
        {
            await MergePassedAsync(wave, cancellationToken).ConfigureAwait(false);
        }
    }
}
