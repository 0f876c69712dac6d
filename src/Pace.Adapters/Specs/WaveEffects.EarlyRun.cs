using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    private readonly CancellationTokenSource _earlyStop = new();

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
            _context.Log($"wave {task.Wave}: task {task.Id} starts early from {fork[..7]} (the run is at wave {view.Wave}): its dependencies have passed");
            var outcome = await RunTaskAsync(task.Wave, task, fork, view.Baseline, null, cancellationToken, ranEarly: true).ConfigureAwait(false);
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
                await view.Report(new EarlyTaskFailed(Now, task.Wave, task.Id, failure)).ConfigureAwait(false);
                result = early with { Passed = false, Reason = failure };
            }
            else
            {
                var commit = await _context.Repository.HeadOfAsync(Layout.TaskBranch(task.Wave, task.Id), cancellationToken).ConfigureAwait(false);
                await view.Report(new EarlyTaskPassed(Now, task.Wave, task.Id, commit)).ConfigureAwait(false);
                result = early with { Passed = true, Commit = commit };
            }

            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _context.Log($"wave {task.Wave}: the early run of task {task.Id} stopped ({e.Message}); it runs in its wave");
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

    /// <summary>
    /// The early commit's own changes go onto <paramref name="baseCommit"/> (a cherry-pick: its history
    /// holds the previous wave's commits unsquashed, which a merge would see as conflicting with their
    /// squash), then Pace's checks run again there. False when it does not apply or the checks fail:
    /// the tree is back at the base and the task runs again.
    /// </summary>
    private async Task<bool> ReplayEarlyAsync(int wave, SpecTask task, string tree, string baseCommit, TestTotals? baseline, string commit, string message, CancellationToken cancellationToken)
    {
        var spec = _context.Spec.Name;
        var workspace = Workspace(tree);
        await _context.Repository.UpdateRefAsync(RefNames.SpecItem(RefNames.Early, spec, task.Id), commit, cancellationToken).ConfigureAwait(false);
        if (!await workspace.ApplyAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            _context.Log($"wave {wave}: task {task.Id}'s early result ({commit[..7]}) does not apply on {baseCommit[..7]}; it runs again");
            return false;
        }

        var (results, verdict) = await Verified.CheckTreeAsync(
            workspace, baseCommit, ChecksFor(task.Checks), Layout.ProjectIn(tree), Path.Combine(Layout.SessionFolder(wave, task.Id), "replay-checks"),
            baseline, TamperReport.Clean, null, cancellationToken, VerifiedSession.Acceptance(task.Verify)).ConfigureAwait(false);
        if (!verdict.Passed)
        {
            var attempt = await _context.Repository.NextRefAsync(RefNames.SpecItem(RefNames.SpecAttempts, spec, task.Id), cancellationToken).ConfigureAwait(false);
            await workspace.SnapshotAsync(baseCommit, attempt, $"pace: early result of {task.Id} on the wave's base", cancellationToken).ConfigureAwait(false);
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            _context.Log($"wave {wave}: task {task.Id}'s early result failed verification on the wave's base: {string.Join("; ", verdict.Reasons)} (kept on {attempt}); it runs again");
            return false;
        }

        // What the pull request shows is this verification, on the wave's own base, not the early
        // session's on another base (whose test totals may differ). Written before the commit, as a
        // session's evidence is: a run killed in between completes it (TaskEvidence.Complete).
        var folder = Layout.SessionFolder(wave, task.Id);
        if (TaskEvidence.Latest(folder) is { } early)
        {
            var replayed = early with
            {
                BaseCommit = baseCommit,
                ResultCommit = null,
                Checks = results,
                Baseline = baseline,
                TotalsAfter = verdict.Totals,
                Verdict = new Verdict(true, []) { Totals = verdict.Totals, Notes = verdict.Notes },
            };
            Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(replayed));
        }

        var committed = await workspace.CommitAllAsync(message, cancellationToken).ConfigureAwait(false);
        TaskEvidence.Complete(folder, committed);
        _context.Checkpoint($"early-replayed:{task.Id}");
        _context.Log($"wave {wave}: task {task.Id}'s early result passed verification again on the wave's base ({committed[..7]})");
        return true;
    }
}
