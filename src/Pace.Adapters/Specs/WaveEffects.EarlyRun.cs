using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    private readonly CancellationTokenSource _earlyStop = new();

    /// <summary>One early task in the slot <see cref="StartEarly"/> took; null when it stopped without a result (it then runs in its wave).</summary>
    private async Task<EarlyTask?> RunEarlyAsync(int wave, SpecTask task, string waveBranch, TestTotals? baseline, Func<SpecEvent, Task> report, CancellationToken runToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(runToken, _earlyStop.Token);
        var cancellationToken = stop.Token;
        try
        {
            var fork = await HeadOfAsync(waveBranch, cancellationToken).ConfigureAwait(false);
            // Recorded before the branch exists: a killed run finds the start in the state and runs the task in its wave.
            await report(new EarlyTaskStarted(Now, wave, task.Id, fork)).ConfigureAwait(false);
            _context.Log($"wave {wave}: task {task.Id} starts early from {waveBranch} ({fork[..7]}): its dependencies are merged there");
            var outcome = await RunTaskAsync(wave, task, fork, baseline, null, cancellationToken).ConfigureAwait(false);
            var result = new EarlyTask { Wave = wave, TaskId = task.Id, BaseCommit = fork };
            if (outcome is TaskFailed failed)
            {
                await report(new EarlyTaskFailed(Now, wave, task.Id, failed.Reason)).ConfigureAwait(false);
                return result with { Passed = false, Reason = failed.Reason };
            }

            var commit = await HeadOfAsync(Layout.TaskBranch(wave, task.Id), cancellationToken).ConfigureAwait(false);
            await report(new EarlyTaskPassed(Now, wave, task.Id, commit)).ConfigureAwait(false);
            return result with { Passed = true, Commit = commit };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _context.Log($"wave {wave}: the early run of task {task.Id} stopped ({e.Message}); it runs in its wave");
            return null;
        }
        finally
        {
            _slots.Release();
            // The slot is free: another task of the next wave may be ready (unless the wave is being merged by now).
            Volatile.Read(ref _again)?.Invoke();
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
        await _context.Repository.UpdateRefAsync($"refs/pace/early/{spec}/{SpecLayout.Safe(task.Id)}", commit, cancellationToken).ConfigureAwait(false);
        var pick = await Git(tree).TryAsync(["-c", "commit.gpgsign=false", "cherry-pick", "--no-commit", commit], cancellationToken).ConfigureAwait(false);
        if (pick.ExitCode != 0)
        {
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            _context.Log($"wave {wave}: task {task.Id}'s early result ({commit[..7]}) does not apply on {baseCommit[..7]}; it runs again");
            return false;
        }

        var results = await RunChecksAsync(ChecksFor(task.Checks), tree, Path.Combine(Layout.SessionFolder(wave, task.Id), "replay-checks"), cancellationToken).ConfigureAwait(false);
        var verdict = Verifier.Decide(new VerificationInput(results, baseline, new TamperReport([], [], []), [], true));
        if (!verdict.Passed)
        {
            var attempt = await NextRefAsync($"refs/pace/spec-attempts/{spec}/{SpecLayout.Safe(task.Id)}", cancellationToken).ConfigureAwait(false);
            await workspace.SnapshotAsync(baseCommit, attempt, $"pace: early result of {task.Id} on the wave's base", cancellationToken).ConfigureAwait(false);
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            _context.Log($"wave {wave}: task {task.Id}'s early result failed verification on the wave's base: {string.Join("; ", verdict.Reasons)} (kept on {attempt}); it runs again");
            return false;
        }

        // What the pull request shows is this verification, on the wave's own base, not the early
        // session's on another base (whose test totals may differ). Written before the commit, as a
        // session's evidence is: a run killed in between completes it (CompleteEvidence).
        var folder = Layout.SessionFolder(wave, task.Id);
        if (EvidenceIn(folder) is { } early)
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
        CompleteEvidence(folder, committed);
        _context.Checkpoint($"early-replayed:{task.Id}");
        _context.Log($"wave {wave}: task {task.Id}'s early result passed verification again on the wave's base ({committed[..7]})");
        return true;
    }
}
