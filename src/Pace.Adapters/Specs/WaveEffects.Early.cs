using System.Collections.Concurrent;
using Pace.Core.Git;
using Pace.Core.Scheduling;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

// Early start (docs/specs.md): a task of a later wave whose own dependencies all have a passing
// result (merged into the base branch, passed in the current wave, or passed early themselves)
// starts from those results when a parallel slot is free and no task of the current wave waits for
// one. The state records it before it starts and its result when it ends; in its own wave a pass is
// replayed onto the wave's base and verified again, a failure stands, and a start without a result
// (a killed run) simply runs again.
public sealed partial class WaveEffects
{
    private readonly ConcurrentDictionary<string, EarlyRun> _early = new(StringComparer.Ordinal);
    private readonly Lock _earlyGate = new();
    private readonly SemaphoreSlim _merge = new(1, 1);

    /// <summary>Held by a look for tasks to start early, and to change <see cref="_view"/>: a look sees one view throughout.</summary>
    private readonly SemaphoreSlim _scan = new(1, 1);

    /// <summary>Where the run stands, for early starts; null while none may start (a wave's pull request being merged, a run stopping).</summary>
    private EarlyView? _view;

    private int _scanning;
    private int _rescan;
    private Task _scanner = Task.CompletedTask;

    /// <param name="Wave">The current wave.</param>
    /// <param name="PassedInWave">Whether a task of the current wave has passed (its branch holds its result).</param>
    private sealed record EarlyView(
        int Wave, string BaseBranch, TestTotals? Baseline, SpecState State, Func<string, bool> PassedInWave, Func<SpecEvent, Task> Report, CancellationToken RunToken);

    /// <summary>One early task: its result, and the spare slot it runs in, which its wave's task may take over.</summary>
    private sealed class EarlyRun(SlotLease lease)
    {
        public SlotLease Lease { get; } = lease;

        public Task<EarlyTask?> Result { get; set; } = Task.FromResult<EarlyTask?>(null);

        /// <summary>Its result, set (under <see cref="_earlyGate"/>) as it ends, while <see cref="Result"/> is not complete yet.</summary>
        public EarlyTask? Outcome { get; set; }
    }

    /// <summary>One wave's tasks as they run: which passed and how many of them (in spec order) are merged into the wave branch.</summary>
    private sealed record WaveRun(
        int Wave, string WaveTree, TestTotals? Baseline, SpecState State, Func<SpecEvent, Task> Report, IEnumerable<string> PassedBefore)
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
        await SetViewAsync(null).ConfigureAwait(false);
        if (cancel)
        {
            await _earlyStop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_early.Values.Select(r => r.Result)).ConfigureAwait(false);
            // An early task that ended looked for more to start (and found none): that look ends before the effects are disposed.
            await Volatile.Read(ref _scanner).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancel)
        {
        }
    }

    /// <summary>From now on early starts look at <paramref name="view"/> (none with null); a look under way ends first.</summary>
    private async Task SetViewAsync(EarlyView? view)
    {
        await _scan.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        Volatile.Write(ref _view, view);
        _scan.Release();
        if (view is not null)
        {
            Kick();
        }
    }

    /// <summary>During the review of a wave whose tasks are all merged: tasks of later waves may start from their results.</summary>
    private async Task ViewAfterMergeAsync(SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        if (!state.Flags.EarlyStart || state.IsFinalWave || !state.ExecutionStatus.TaskBranchesMerged || state.Phase == SpecPhase.ReadyToMerge)
        {
            await SetViewAsync(null).ConfigureAwait(false);
            return;
        }

        var baseline = await BaselineAsync(state.CurrentWave, Layout.WaveWorktree(state.CurrentWave), cancellationToken).ConfigureAwait(false);
        await SetViewAsync(new EarlyView(state.CurrentWave, state.BaseBranch, baseline, state, _ => true, report, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>This task's early result: from a run of this process (awaited if still running), else from the state.</summary>
    private async Task<EarlyTask?> EarlyResultAsync(int wave, string taskId, SpecState state)
    {
        if (_early.TryGetValue(EarlyKey(wave, taskId), out var run))
        {
            return await run.Result.ConfigureAwait(false);
        }

        return state.EarlyTasks.FirstOrDefault(t => t.Wave == wave && t.TaskId == taskId && t.Passed is not null);
    }

    /// <summary>
    /// Merges the wave's passed tasks into the wave branch in spec order (the order MergeTaskBranches
    /// keeps), up to the first that has not passed yet or conflicts, so that the wave's end has less to do.
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
    }

    /// <summary>Something changed (a slot freed, a task passed, a new view): look for tasks to start early, in the background.</summary>
    private void Kick()
    {
        Volatile.Write(ref _rescan, 1);
        if (Interlocked.CompareExchange(ref _scanning, 1, 0) == 0)
        {
            Volatile.Write(ref _scanner, Task.Run(ScanLoopAsync));
        }
    }

    private async Task ScanLoopAsync()
    {
        do
        {
            while (Interlocked.Exchange(ref _rescan, 0) == 1)
            {
                await StartReadyAsync().ConfigureAwait(false);
            }

            Volatile.Write(ref _scanning, 0);
        }
        while (Volatile.Read(ref _rescan) == 1 && Interlocked.CompareExchange(ref _scanning, 1, 0) == 0);
    }
}
