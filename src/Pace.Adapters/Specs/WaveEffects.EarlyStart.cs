using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    /// <summary>Dependency results that do not merge cleanly (key: the task and the commits): such a task waits for its wave.</summary>
    private readonly HashSet<string> _unmergeable = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts the ready tasks of later waves, the earliest wave first and in spec order, while a slot
    /// is free and no task of the current wave waits for one.
    /// </summary>
    private async Task StartReadyAsync()
    {
        await _scan.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _view) is not { } view || !view.State.Flags.EarlyStart)
            {
                return;
            }

            foreach (var task in _context.Spec.Tasks.Where(t => t.Wave > view.Wave && !t.Status.IsDone()).OrderBy(t => t.Wave))
            {
                if (view.RunToken.IsCancellationRequested || Volatile.Read(ref _waiting) > 0)
                {
                    return;
                }

                if (_early.ContainsKey(EarlyKey(task.Wave, task.Id)) || view.State.EarlyTasks.Any(t => t.Wave == task.Wave && t.TaskId == task.Id)
                    || Dependencies(task).Any(d => ResultOf(d, view) is null))
                {
                    continue;
                }

                if (!_slots.Wait(0, CancellationToken.None))
                {
                    return;
                }

                var fork = await ForkAsync(task, view).ConfigureAwait(false);
                if (fork is null)
                {
                    _slots.Release();
                    continue;
                }

                // Recorded before the branch exists: a killed run finds the start in the state and runs the task in its wave.
                await view.Report(new EarlyTaskStarted(Now, task.Wave, task.Id, fork)).ConfigureAwait(false);
                var run = new EarlyRun();
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

    private IEnumerable<SpecTask> Dependencies(SpecTask task) =>
        task.DependsOn.Select(d => _context.Spec.Find(d)).OfType<SpecTask>();

    /// <summary>Where a dependency's passing result is: "" for the base branch, else a ref or commit; null while it has none.</summary>
    private string? ResultOf(SpecTask dependency, EarlyView view)
    {
        if (dependency.Status.IsDone() || dependency.Wave < view.Wave)
        {
            return "";
        }

        if (dependency.Wave == view.Wave && view.PassedInWave(dependency.Id))
        {
            return "refs/heads/" + Layout.TaskBranch(dependency.Wave, dependency.Id);
        }

        EarlyTask? early;
        if (_early.TryGetValue(EarlyKey(dependency.Wave, dependency.Id), out var run))
        {
            lock (_earlyGate)
            {
                early = run.Outcome;
            }
        }
        else
        {
            early = view.State.EarlyTasks.FirstOrDefault(t => t.Wave == dependency.Wave && t.TaskId == dependency.Id);
        }

        return early is { Passed: true, Commit: { } commit } ? commit : null;
    }

    /// <summary>
    /// The commit an early task starts from: its dependencies' results, or the base branch when it has
    /// none there. Several results that do not contain one another are merged into a new commit
    /// (<c>merge-tree</c>, no worktree); null when they conflict (the task then waits for its wave).
    /// </summary>
    private async Task<string?> ForkAsync(SpecTask task, EarlyView view)
    {
        var cancellationToken = view.RunToken;
        var refs = Dependencies(task).Select(d => ResultOf(d, view)!).Select(r => r.Length == 0 ? "refs/heads/" + view.BaseBranch : r).DefaultIfEmpty("refs/heads/" + view.BaseBranch).Distinct().ToList();
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

            var merged = await git.TryAsync(["merge-tree", "--write-tree", "--no-messages", fork, other], cancellationToken).ConfigureAwait(false);
            if (merged.ExitCode != 0)
            {
                _unmergeable.Add(key);
                _context.Log($"wave {task.Wave}: the results of task {task.Id}'s dependencies do not merge cleanly; it waits for its wave");
                return null;
            }

            var tree = merged.Text.Split('\n')[0];
            var message = $"pace: start of task {task.Id} (early), its dependencies' results merged";
            fork = (await git.RunAsync(["-c", "commit.gpgsign=false", "commit-tree", tree, "-p", fork, "-p", other, "-m", message], cancellationToken).ConfigureAwait(false)).Text;
        }

        return fork;
    }
}
