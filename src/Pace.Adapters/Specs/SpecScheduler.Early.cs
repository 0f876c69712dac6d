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
internal sealed partial class SpecScheduler
{
    private readonly ConcurrentDictionary<string, EarlyRun> _early = new(StringComparer.Ordinal);
    private readonly Lock _earlyGate = new();
    private readonly CancellationTokenSource _earlyStop = new();

    /// <summary>Held by a look for tasks to start early, and to change <see cref="_view"/>: a look sees one view throughout.</summary>
    private readonly SemaphoreSlim _scan = new(1, 1);

    /// <summary>Dependency results that do not merge cleanly (key: the task and the commits): such a task waits for its wave.</summary>
    private readonly HashSet<string> _unmergeable = new(StringComparer.Ordinal);

    /// <summary>Where the run stands, for early starts; null while none may start (a wave's pull request being merged, a run stopping).</summary>
    private EarlyView? _view;

    private int _scanning;
    private int _rescan;
    private Task _scanner = Task.CompletedTask;

    /// <param name="Wave">The current wave.</param>
    /// <param name="PassedInWave">Whether a task of the current wave has passed (its branch holds its result).</param>
    private sealed record EarlyView(
        int Wave, string BaseBranch, IReadOnlyList<EarlyTask> Recorded, Func<string, bool> PassedInWave, Func<SpecEvent, Task> Report, CancellationToken RunToken);

    /// <summary>One early task: its result, and the spare slot it runs in, which its wave's task may take over.</summary>
    private sealed class EarlyRun(SlotLease lease)
    {
        public SlotLease Lease { get; } = lease;

        public Task<EarlyTask?> Result { get; set; } = Task.FromResult<EarlyTask?>(null);

        /// <summary>Its result, set (under <see cref="_earlyGate"/>) as it ends, while <see cref="Result"/> is not complete yet.</summary>
        public EarlyTask? Outcome { get; set; }
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

    /// <summary>From now on no task starts early (a wave's pull request being merged, until the next wave is set up); a look under way ends first.</summary>
    public Task NoEarlyStartsAsync() => SetViewAsync(null);

    /// <summary>During the review of a wave whose tasks are all merged: tasks of later waves may start from their results.</summary>
    public async Task ViewAfterMergeAsync(TasksAtHand at, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        if (!at.EarlyAfterMerge)
        {
            await SetViewAsync(null).ConfigureAwait(false);
            return;
        }

        await SetViewAsync(new EarlyView(at.Wave, at.BaseBranch, at.EarlyTasks, _ => true, report, cancellationToken)).ConfigureAwait(false);
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

    /// <summary>This task's early result: from a run of this process (awaited if still running), else from the state.</summary>
    private async Task<EarlyTask?> EarlyResultAsync(int wave, string taskId, IReadOnlyList<EarlyTask> recorded)
    {
        if (_early.TryGetValue(EarlyKey(wave, taskId), out var run))
        {
            return await run.Result.ConfigureAwait(false);
        }

        return recorded.FirstOrDefault(t => t.Wave == wave && t.TaskId == taskId && t.Passed is not null);
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

    /// <summary>
    /// Starts the tasks of later waves that the readiness rule (<see cref="EarlyStartRule"/>) finds
    /// ready, in its order, while a slot is free and no task of the current wave waits for one.
    /// </summary>
    private async Task StartReadyAsync()
    {
        await _scan.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _view) is not { } view)
            {
                return;
            }

            ResumeLost(view);

            // The view is on only while early start is on.
            var rule = new EarlyStartRule(context.Spec, true, view.Recorded, view.Wave, view.PassedInWave, Live);
            foreach (var task in rule.Ready())
            {
                if (view.RunToken.IsCancellationRequested || _slots.TryTakeSpare() is not { } lease)
                {
                    return;
                }

                var fork = await ForkAsync(task, rule, view).ConfigureAwait(false);
                if (fork is null)
                {
                    lease.End();
                    continue;
                }

                // Recorded before the branch exists: a killed run finds the start in the state and runs the task in its wave.
                await view.Report(new EarlyTaskStarted(Now, task.Wave, task.Id, fork)).ConfigureAwait(false);
                var run = new EarlyRun(lease);
                _early[EarlyKey(task.Wave, task.Id)] = run;
                run.Result = Task.Run(() => RunEarlyAsync(run, task, fork, view), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Log($"early start: {e.Message}; the tasks wait for their waves");
        }
        finally
        {
            _scan.Release();
        }
    }

    /// <summary>
    /// On a fleet, an early task that a killed (or taken over) coordinator recorded as started, with no
    /// result, is asked for again from the fork it recorded: its session ran on, or runs, on a worker,
    /// and the same item brings its result back. Without a fleet the session died with the run, and the
    /// task runs in its wave.
    /// </summary>
    private void ResumeLost(EarlyView view)
    {
        if (context.Fleet is null)
        {
            return;
        }

        foreach (var lost in view.Recorded.Where(t => t.Passed is null && t.Wave > view.Wave && t.Wave <= context.Spec.Waves.Count && !_early.ContainsKey(EarlyKey(t.Wave, t.TaskId))))
        {
            if (context.Spec.TasksOf(lost.Wave).FirstOrDefault(t => t.Id == lost.TaskId) is not { } task)
            {
                continue;
            }

            if (view.RunToken.IsCancellationRequested || _slots.TryTakeSpare() is not { } lease)
            {
                break;
            }

            var run = new EarlyRun(lease);
            _early[EarlyKey(task.Wave, task.Id)] = run;
            run.Result = Task.Run(() => RunEarlyAsync(run, task, lost.BaseCommit, view), CancellationToken.None);
        }
    }

    /// <summary>The early session of <paramref name="task"/> from <paramref name="fork"/>, its outcome reported and returned as the state records it.</summary>
    private async Task<EarlyTask> EarlyOutcomeAsync(SpecTask task, string fork, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        // No baseline: the wave's counts the tests of tasks the fork may not hold (a dependency's early
        // result forks from before its wave's other tasks). The replay on the wave's base compares with it.
        var outcome = await runner.RunAsync(task.Wave, task, fork, null, null, cancellationToken, ranEarly: true).ConfigureAwait(false);
        var early = new EarlyTask { Wave = task.Wave, TaskId = task.Id, BaseCommit = fork };
        // A usage window met early is the early run's end: the task runs again in its wave, where its slot can wait.
        var failure = outcome switch
        {
            TaskFailed failed => failed.Reason,
            TaskPaused paused => $"its agent hit a usage limit ({paused.Pause.Reason})",
            _ => null,
        };
        if (failure is not null)
        {
            await report(new EarlyTaskFailed(Now, task.Wave, task.Id, failure)).ConfigureAwait(false);
            return early with { Passed = false, Reason = failure };
        }

        var commit = await context.Repository.HeadOfAsync(Layout.TaskBranch(task.Wave, task.Id), cancellationToken).ConfigureAwait(false);
        await report(new EarlyTaskPassed(Now, task.Wave, task.Id, commit)).ConfigureAwait(false);
        return early with { Passed = true, Commit = commit };
    }

    /// <summary>
    /// On a fleet, once a task's wave has come: the early run of it that a killed (or taken over)
    /// coordinator recorded without a result is asked for again from its recorded fork, in the task's
    /// own slot, so the worker's session is used (its result is replayed onto the wave's base as any
    /// early result). Null: no such run, or no fleet (the session died with the run).
    /// </summary>
    private async Task<EarlyTask?> CollectLostAsync(int wave, SpecTask task, IReadOnlyList<EarlyTask> recorded, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        if (context.Fleet is null || _early.ContainsKey(EarlyKey(wave, task.Id))
            || recorded.FirstOrDefault(t => t.Wave == wave && t.TaskId == task.Id && t.Passed is null) is not { } lost)
        {
            return null;
        }

        context.Log($"wave {wave}: task {task.Id} was out early from {lost.BaseCommit[..7]} when its run stopped; its session on the fleet is asked for again");
        return await EarlyOutcomeAsync(task, lost.BaseCommit, report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>This process's early run of <paramref name="task"/>, if it started one; its outcome read under the gate its end writes it under.</summary>
    private LiveEarlyRun? Live(SpecTask task)
    {
        if (!_early.TryGetValue(EarlyKey(task.Wave, task.Id), out var run))
        {
            return null;
        }

        lock (_earlyGate)
        {
            return new LiveEarlyRun(run.Outcome);
        }
    }

    /// <summary>
    /// The commit an early task starts from: its dependencies' results, or the base branch when it has
    /// none there. Several results that do not contain one another are merged into a new commit
    /// (a tree merge, no worktree); null when they conflict (the task then waits for its wave).
    /// </summary>
    private async Task<string?> ForkAsync(SpecTask task, EarlyStartRule rule, EarlyView view)
    {
        var cancellationToken = view.RunToken;
        var repository = context.Repository;
        var commits = new List<string>();
        foreach (var name in rule.ForkRefs(task, view.BaseBranch))
        {
            if (await repository.ResolveAsync(name, cancellationToken).ConfigureAwait(false) is not { } commit)
            {
                return null;
            }

            commits.Add(commit);
        }

        var tips = await repository.IndependentAsync(commits, cancellationToken).ConfigureAwait(false);
        var fork = tips[0];
        foreach (var other in tips.Skip(1))
        {
            var key = $"{task.Id}:{fork}:{other}";
            if (_unmergeable.Contains(key))
            {
                return null;
            }

            if (await repository.MergeTreeAsync(fork, other, cancellationToken).ConfigureAwait(false) is not TreeMerge.Clean merged)
            {
                _unmergeable.Add(key);
                context.Log($"wave {task.Wave}: the results of task {task.Id}'s dependencies do not merge cleanly; it waits for its wave");
                return null;
            }

            var message = $"pace: start of task {task.Id} (early), its dependencies' results merged";
            fork = await repository.CommitTreeAsync(merged.Tree, [fork, other], message, squashOf: null, cancellationToken).ConfigureAwait(false);
        }

        return fork;
    }

    /// <summary>
    /// One early task in the spare slot <see cref="StartReadyAsync"/> took; null when it stopped without a
    /// result (it then runs in its wave). When it ends, its wave's task, if it took the slot over
    /// meanwhile, keeps it; otherwise the slot is freed for another task.
    /// </summary>
    private async Task<EarlyTask?> RunEarlyAsync(EarlyRun run, SpecTask task, string fork, EarlyView view)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(view.RunToken, _earlyStop.Token);
        var cancellationToken = stop.Token;
        EarlyTask? result = null;
        try
        {
            context.Log($"wave {task.Wave}: task {task.Id} starts early from {fork[..7]} (the run is at wave {view.Wave}): its dependencies have passed");
            result = await EarlyOutcomeAsync(task, fork, view.Report, cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Log($"wave {task.Wave}: the early run of task {task.Id} stopped ({e.Message}); it runs in its wave");
            return null;
        }
        finally
        {
            lock (_earlyGate)
            {
                run.Outcome = result;
            }

            run.Lease.End();

            // A freed slot, or a new result that tasks of later waves may start from.
            Kick();
        }
    }
}
