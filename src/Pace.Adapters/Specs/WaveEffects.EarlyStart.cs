using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    /// <summary>Dependency results that do not merge cleanly (key: the task and the commits): such a task waits for its wave.</summary>
    private readonly HashSet<string> _unmergeable = new(StringComparer.Ordinal);

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

            var rule = Rule(view);
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
            _context.Log($"early start: {e.Message}; the tasks wait for their waves");
        }
        finally
        {
            _scan.Release();
        }
    }

    private EarlyStartRule Rule(EarlyView view) =>
        new(_context.Spec, view.State, view.Wave, view.PassedInWave, Live);

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
    /// (<c>merge-tree</c>, no worktree); null when they conflict (the task then waits for its wave).
    /// </summary>
    private async Task<string?> ForkAsync(SpecTask task, EarlyStartRule rule, EarlyView view)
    {
        var cancellationToken = view.RunToken;
        var refs = rule.ForkRefs(task, view.BaseBranch);
        var git = Git(Layout.RepoRoot);
        var resolved = await git.TryAsync(["rev-parse", .. refs], cancellationToken).ConfigureAwait(false);
        if (resolved.ExitCode != 0)
        {
            return null;
        }

        var commits = resolved.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (commits.Count > 1)
        {
            commits = [.. (await git.RunAsync(["merge-base", "--independent", .. commits], cancellationToken).ConfigureAwait(false)).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }

        var fork = commits[0];
        foreach (var other in commits.Skip(1))
        {
            var key = $"{task.Id}:{fork}:{other}";
            if (_unmergeable.Contains(key))
            {
                return null;
            }

            if (await _context.Repository.MergeTreeAsync(fork, other, cancellationToken).ConfigureAwait(false) is not TreeMerge.Clean merged)
            {
                _unmergeable.Add(key);
                _context.Log($"wave {task.Wave}: the results of task {task.Id}'s dependencies do not merge cleanly; it waits for its wave");
                return null;
            }

            var message = $"pace: start of task {task.Id} (early), its dependencies' results merged";
            fork = await _context.Repository.CommitTreeAsync(merged.Tree, [fork, other], message, squashOf: null, cancellationToken).ConfigureAwait(false);
        }

        return fork;
    }
}
