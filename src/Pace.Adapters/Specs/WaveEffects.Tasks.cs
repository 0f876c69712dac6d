using Pace.Core.Diagnostics;
using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    public static string TaskTrailer(string spec, int wave, string taskId) => $"Pace-Task: {spec}/{wave}/{taskId}";

    private async Task RunWaveAsync(RunWaveTasks run, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var repository = _context.Repository;
        var tasks = _context.Spec.TasksOf(run.Wave);
        if (run.Fresh)
        {
            await RetireAsync(run, tasks, cancellationToken).ConfigureAwait(false);
        }

        if (!await repository.BranchExistsAsync(run.TargetBranch, cancellationToken).ConfigureAwait(false))
        {
            throw new InputException($"the spec's target branch {run.TargetBranch} does not exist in {Layout.RepoRoot}");
        }

        await repository.CreateBranchAsync(run.BaseBranch, run.TargetBranch, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"base-branch-ready:{run.Wave}");
        await repository.CreateBranchAsync(run.WaveBranch, run.BaseBranch, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"wave-branch-ready:{run.Wave}");
        await report(new WaveStarted(Now, run.Wave, [.. tasks.Select(t => t.Id)])).ConfigureAwait(false);

        var waveTree = await WorktreeAsync(Layout.WaveWorktree(run.Wave), run.WaveBranch, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"wave-worktree-ready:{run.Wave}");
        var baseline = await BaselineAsync(run.Wave, waveTree, cancellationToken).ConfigureAwait(false);
        // The tasks start from the base branch's head, which stays put during the wave; the wave
        // branch moves when passed tasks are merged into it early (so that the wave's end has less to do).
        var baseCommit = await repository.ResolveAsync("refs/heads/" + run.BaseBranch, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"branch {run.BaseBranch} vanished");
        var reported = state.ExecutionStatus.PassedTasks.Concat(state.ExecutionStatus.FailedTasks).ToHashSet(StringComparer.Ordinal);
        var todo = tasks.Where(t => !reported.Contains(t.Id)).ToList();
        var wave = new WaveRun(run.Wave, waveTree, baseline, state, report, state.ExecutionStatus.PassedTasks);
        _slots.Expect(todo.Count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        List<Task> running = [.. todo.Select(async task =>
        {
            try
            {
                await RunInSlotAsync(wave, task, baseCommit, stop.Token).ConfigureAwait(false);
            }
            catch
            {
                // As Parallel.ForEachAsync does: one task's exception stops the others.
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        })];
        if (state.Flags.EarlyStart)
        {
            await SetViewAsync(new EarlyView(run.Wave, run.BaseBranch, baseline, state, wave.Passed.ContainsKey, report, cancellationToken)).ConfigureAwait(false);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="head"/> is a commit Pace made for the task (its trailer) and no uncommitted change lies on it.</summary>
    private async Task<bool> DroppedResultAsync(string tree, string head, string trailer, CancellationToken cancellationToken)
    {
        var message = await Git(tree).TryAsync(["log", "-1", "--format=%B", head], cancellationToken).ConfigureAwait(false);
        return message.ExitCode == 0 && message.Text.Contains(trailer, StringComparison.Ordinal)
            && (await Workspace(tree).ChangedPathsAsync(head, cancellationToken).ConfigureAwait(false)).Count == 0;
    }

    /// <param name="early">The task's early result (it ran before its wave from another base): after a failure the task runs again, a pass is replayed onto <paramref name="baseCommit"/> and verified again.</param>
    /// <param name="ranEarly">The task runs early, from a fork holding its dependencies' results (their <c>verify</c> commands are its regression checks).</param>
    /// <param name="pausesBefore">The task's usage-limit pauses in a row so far (its backoff doubles with each).</param>
    private async Task<SpecEvent> RunTaskAsync(int wave, SpecTask task, string baseCommit, TestTotals? baseline, EarlyTask? early, CancellationToken cancellationToken, bool ranEarly = false, int pausesBefore = 0)
    {
        if (task.Status.IsDone())
        {
            _context.Log($"wave {wave}: task {task.Id} is {task.Status.Name()} in the spec file; nothing to run");
            return new TaskPassed(Now, wave, task.Id);
        }

        if (early is { Passed: false })
        {
            // It ran on another base (its dependencies' results, not its wave's): only its wave decides.
            _context.Log($"wave {wave}: task {task.Id} failed when it ran early ({early.Reason}); it runs again in its wave");
        }

        var spec = _context.Spec.Name;
        var tree = Layout.TaskWorktree(wave, task.Id);
        var workspace = Workspace(tree);
        var trailer = TaskTrailer(spec, wave, task.Id);
        // The branch and worktree are made here, in the task's slot, so that they overlap other tasks' sessions.
        // A branch made just now holds no earlier work: the checks for a commit or leftovers are for a resumed run.
        var fresh = await _context.Repository.CreateBranchAsync(Layout.TaskBranch(wave, task.Id), baseCommit, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"task-branch-ready:{task.Id}");
        await WorktreeAsync(tree, Layout.TaskBranch(wave, task.Id), cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"task-worktree-ready:{task.Id}");
        if (!fresh)
        {
            var head = await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
            // An early commit's history does not hold the base: searching base..HEAD would find it unverified here.
            if (await _context.Repository.IsAncestorAsync(baseCommit, head, cancellationToken).ConfigureAwait(false)
                && await workspace.FindCommitAsync(baseCommit, trailer, cancellationToken).ConfigureAwait(false) is { } made)
            {
                TaskEvidence.Complete(Layout.SessionFolder(wave, task.Id), made.Sha);
                return new TaskPassed(Now, wave, task.Id);
            }

            // What an early run left: its passed commit, or its fork after a failure (the attempt is on its ref already).
            var earlyWork = early is { Passed: { } passed } && head == (passed ? early.Commit : early.BaseCommit)
                && (await workspace.ChangedPathsAsync(head, cancellationToken).ConfigureAwait(false)).Count == 0;
            var leftovers = !earlyWork && head == baseCommit && (await workspace.ChangedPathsAsync(baseCommit, cancellationToken).ConfigureAwait(false)).Count > 0;
            if (!earlyWork && head != baseCommit && await DroppedResultAsync(tree, head, trailer, cancellationToken).ConfigureAwait(false))
            {
                // A verified result the state no longer records (a retry forgets the early results): kept as it is.
                var aside = await _context.Repository.NextRefAsync(RefNames.SpecItem(RefNames.Dropped, spec, task.Id), cancellationToken).ConfigureAwait(false);
                await _context.Repository.UpdateRefAsync(aside, head, cancellationToken).ConfigureAwait(false);
                _context.Log($"wave {wave}: task {task.Id} has a verified result ({head[..7]}) the run no longer records; it runs again (the result is kept on {aside})");
            }
            else if (!earlyWork && (head != baseCommit || leftovers))
            {
                // An interrupted session left work behind: keep it on a ref, start from the base again
                // (its uncommitted files too: the next session must not find them and commit them as its own).
                var aside = await _context.Repository.NextRefAsync(RefNames.SpecItem(RefNames.Interrupted, spec, task.Id), cancellationToken).ConfigureAwait(false);
                await workspace.SnapshotAsync(baseCommit, aside, $"pace: interrupted session of {task.Id}", cancellationToken).ConfigureAwait(false);
            }

            if (earlyWork || head != baseCommit || leftovers)
            {
                await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            }
        }

        var message = $"task({spec}): {task.Id} - {task.Title}\n\n{trailer}";
        if (early is { Passed: true, Commit: { } commit } && await ReplayEarlyAsync(wave, task, tree, baseCommit, baseline, commit, message, cancellationToken).ConfigureAwait(false))
        {
            return new TaskPassed(Now, wave, task.Id);
        }

        _context.Log($"wave {wave}: task {task.Id} started ({task.Title})");
        var checks = ChecksFor(task.Checks);
        var prompt = SpecPrompts.Task(_context.Spec, task, [.. checks.Select(c => c.Command), .. task.Verify]);
        var attempts = RefNames.SpecItem(RefNames.SpecAttempts, spec, task.Id);
        var outcome = await RunVerifiedSessionAsync(
            tree, baseCommit, prompt, checks, Layout.SessionFolder(wave, task.Id), task.Id, baseline, message, attempts, cancellationToken, task.Verify, prove: true, RegressionFor(task, wave, ranEarly),
            new EvaluatedItem(task.Id, $"{task.Title}\n{task.Prompt}".Trim(), [.. task.Subtasks.Select(s => s.Description)]),
            RefNames.SpecItem(RefNames.Interrupted, spec, task.Id)).ConfigureAwait(false);
        if (outcome.Limit is { } limit)
        {
            return TaskPausedBy(wave, task, limit, pausesBefore, outcome.AttemptRef);
        }

        if (!outcome.Passed)
        {
            var claimed = outcome.ClaimedSuccessFalsely ? " although the agent claimed success" : "";
            _context.Log($"wave {wave}: task {task.Id} FAILED verification{claimed}: {string.Join("; ", outcome.Reasons)} (attempt kept on {outcome.AttemptRef})");
            return new TaskFailed(Now, wave, task.Id, string.Join("; ", outcome.Reasons), outcome.ClaimedSuccessFalsely);
        }

        _context.Checkpoint($"task-committed:{task.Id}");
        _context.Log($"wave {wave}: task {task.Id} passed verification ({outcome.Commit![..7]})");
        return new TaskPassed(Now, wave, task.Id);
    }
}
