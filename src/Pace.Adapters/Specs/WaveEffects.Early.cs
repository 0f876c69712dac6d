using System.Collections.Concurrent;
using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

// Early start (docs/specs.md): a task of the next wave whose own dependencies have passed and are
// merged into the current wave branch starts from that branch's head when a parallel slot is free,
// while the rest of the wave runs or the wave is in review. The state records it before it starts
// and its result when it ends; in its own wave a pass is replayed onto the wave's base and verified
// again, a failure stands, and a start without a result (a killed run) simply runs again.
public sealed partial class WaveEffects
{
    private readonly ConcurrentDictionary<string, Task<EarlyTask?>> _early = new(StringComparer.Ordinal);
    private readonly Lock _earlyGate = new();
    private readonly SemaphoreSlim _merge = new(1, 1);

    /// <summary>Tasks of the running wave that wait for a slot: while any does, no early task takes one.</summary>
    private int _waiting;

    /// <summary>The last <see cref="StartEarly"/> of the current wave, tried again when an early task frees its slot; null once the wave's pull request is being merged.</summary>
    private Action? _again;

    /// <summary>One wave's tasks as they run: which passed and how many of them (in spec order) are merged into the wave branch.</summary>
    private sealed record WaveRun(
        int Wave, string WaveBranch, string WaveTree, TestTotals? Baseline, SpecState State, Func<SpecEvent, Task> Report, IEnumerable<string> PassedBefore, CancellationToken RunToken)
    {
        public ConcurrentDictionary<string, bool> Passed { get; } = new(PassedBefore.Select(id => KeyValuePair.Create(id, true)), StringComparer.Ordinal);

        public int Merged { get; set; }

        /// <summary>A merge conflicted: the rest waits for MergeTaskBranches and its conflict session.</summary>
        public bool Blocked { get; set; }
    }

    private static string EarlyKey(int wave, string taskId) => $"{wave}/{taskId}";

    /// <summary>
    /// Waits for the early tasks still running (a run that stops to wait keeps their results) and
    /// starts no more; with <paramref name="cancel"/> they stop instead.
    /// </summary>
    public async Task DrainAsync(bool cancel = false)
    {
        Volatile.Write(ref _again, null);
        if (cancel)
        {
            await _earlyStop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_early.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel)
        {
        }
    }

    /// <summary>This task's early result: from a run of this process (awaited if still running), else from the state.</summary>
    private async Task<EarlyTask?> EarlyResultAsync(int wave, string taskId, SpecState state)
    {
        if (_early.TryGetValue(EarlyKey(wave, taskId), out var running))
        {
            return await running.ConfigureAwait(false);
        }

        return state.EarlyTasks.FirstOrDefault(t => t.Wave == wave && t.TaskId == taskId && t.Passed is not null);
    }

    /// <summary>
    /// Merges the wave's passed tasks into the wave branch in spec order (the order MergeTaskBranches
    /// keeps), up to the first that has not passed yet or conflicts, then starts what that made ready.
    /// </summary>
    private async Task MergePassedAsync(WaveRun wave, CancellationToken cancellationToken)
    {
        if (!wave.State.Flags.EarlyStart || wave.Wave >= _context.Spec.Waves.Count)
        {
            return;
        }

        var tasks = _context.Spec.TasksOf(wave.Wave);
        await _merge.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ClearInterruptedMergeAsync(wave.WaveTree, cancellationToken).ConfigureAwait(false);
            while (!wave.Blocked && wave.Merged < tasks.Count && wave.Passed.ContainsKey(tasks[wave.Merged].Id))
            {
                var id = tasks[wave.Merged].Id;
                var branch = Layout.TaskBranch(wave.Wave, id);
                if (await _context.Repository.BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false))
                {
                    var message = $"Merge task {id} into wave {wave.Wave} of {_context.Spec.Name}";
                    var outcome = await _context.Repository.MergeAsync(wave.WaveTree, branch, message, abortOnConflict: true, cancellationToken).ConfigureAwait(false);
                    if (outcome is MergeOutcome.Conflict)
                    {
                        wave.Blocked = true;
                        break;
                    }
                }

                wave.Merged++;
            }
        }
        finally
        {
            _merge.Release();
        }

        var merged = tasks.Take(wave.Merged).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        StartEarly(wave.Wave, wave.WaveBranch, wave.Baseline, wave.State, merged.Contains, wave.Report, wave.RunToken);
    }

    /// <summary>After MergeTaskBranches every task of the wave is merged: the next wave's tasks may start while the wave is reviewed.</summary>
    private async Task StartEarlyAfterMergeAsync(SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        if (!state.Flags.EarlyStart || state.IsFinalWave || !state.ExecutionStatus.TaskBranchesMerged || state.Phase == SpecPhase.ReadyToMerge)
        {
            return;
        }

        var baseline = await BaselineAsync(state.CurrentWave, Layout.WaveWorktree(state.CurrentWave), cancellationToken).ConfigureAwait(false);
        StartEarly(state.CurrentWave, state.WaveBranch, baseline, state, _ => true, report, cancellationToken);
    }

    /// <summary>Starts each task of wave + 1 whose dependencies are merged, while a slot is free and no task of the wave waits for one.</summary>
    private void StartEarly(int wave, string waveBranch, TestTotals? baseline, SpecState state, Func<string, bool> merged, Func<SpecEvent, Task> report, CancellationToken runToken)
    {
        if (!state.Flags.EarlyStart || wave >= _context.Spec.Waves.Count)
        {
            return;
        }

        Volatile.Write(ref _again, () => StartEarly(wave, waveBranch, baseline, state, merged, report, runToken));
        foreach (var task in _context.Spec.TasksOf(wave + 1).Where(t => !t.Status.IsDone()))
        {
            var ready = task.DependsOn.All(d => _context.Spec.Find(d) is { } dep && (dep.Wave < wave || (dep.Wave == wave && merged(dep.Id))));
            if (!ready || state.EarlyTasks.Any(t => t.Wave == wave + 1 && t.TaskId == task.Id))
            {
                continue;
            }

            lock (_earlyGate)
            {
                if (_early.ContainsKey(EarlyKey(wave + 1, task.Id)))
                {
                    continue;
                }

                if (Volatile.Read(ref _waiting) > 0 || !_slots.Wait(0, CancellationToken.None))
                {
                    return;
                }

                _early[EarlyKey(wave + 1, task.Id)] = Task.Run(() => RunEarlyAsync(wave + 1, task, waveBranch, baseline, report, runToken), CancellationToken.None);
            }
        }
    }
}
