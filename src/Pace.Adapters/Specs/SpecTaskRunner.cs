using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// Runs one spec task in its own worktree on its own branch: one verified session (<see cref="SpecSession"/>),
/// or the task's early result replayed onto the wave's base and verified again. A resumed run finds a
/// commit Pace made for the task by its trailer and does not run it twice; work an interrupted
/// session left is kept on a ref before the task starts again from its base.
/// </summary>
internal sealed class SpecTaskRunner(WaveContext context, SpecSession session, SpecUsageWaits waits)
{
    private SpecLayout Layout => context.Layout;

    private DateTimeOffset Now => context.Clock.GetUtcNow();

    public static string Trailer(string spec, int wave, string taskId) => $"Pace-Task: {spec}/{wave}/{taskId}";

    /// <param name="early">The task's early result (it ran before its wave from another base): after a failure the task runs again, a pass is replayed onto <paramref name="baseCommit"/> and verified again.</param>
    /// <param name="ranEarly">The task runs early, from a fork holding its dependencies' results (their <c>verify</c> commands are its regression checks).</param>
    /// <param name="pausesBefore">The task's usage-limit pauses in a row so far (its backoff doubles with each).</param>
    /// <param name="refused">The task's passed result that the wave branch refused: the task runs again from <paramref name="baseCommit"/>, the wave branch as it is now, told why.</param>
    public async Task<SpecEvent> RunAsync(
        int wave, SpecTask task, string baseCommit, TestTotals? baseline, EarlyTask? early, CancellationToken cancellationToken, bool ranEarly = false, int pausesBefore = 0, RefusedMerge? refused = null)
    {
        if (task.Status.IsDone())
        {
            context.Log($"wave {wave}: task {task.Id} is {task.Status.Name()} in the spec file; nothing to run");
            return new TaskPassed(Now, wave, task.Id);
        }

        if (early is { Passed: false })
        {
            // It ran on another base (its dependencies' results, not its wave's): only its wave decides.
            context.Log($"wave {wave}: task {task.Id} failed when it ran early ({early.Reason}); it runs again in its wave");
        }

        var spec = context.Spec.Name;
        var repository = context.Repository;
        var tree = Layout.TaskWorktree(wave, task.Id);
        var workspace = new Git.GitCliWorkspace(tree, context.GitEnvironment);
        var trailer = Trailer(spec, wave, task.Id);
        // The branch and worktree are made here, in the task's slot, so that they overlap other tasks' sessions.
        // A branch made just now holds no earlier work: the checks for a commit or leftovers are for a resumed run.
        var fresh = await repository.CreateBranchAsync(Layout.TaskBranch(wave, task.Id), baseCommit, cancellationToken).ConfigureAwait(false);
        context.Checkpoint($"task-branch-ready:{task.Id}");
        await repository.AddWorktreeAsync(tree, Layout.TaskBranch(wave, task.Id), cancellationToken).ConfigureAwait(false);
        context.Checkpoint($"task-worktree-ready:{task.Id}");
        if (!fresh)
        {
            var head = await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
            // An early commit's history does not hold the base: searching base..HEAD would find it unverified here.
            if (await repository.IsAncestorAsync(baseCommit, head, cancellationToken).ConfigureAwait(false)
                && await workspace.FindCommitAsync(baseCommit, trailer, cancellationToken).ConfigureAwait(false) is { } made)
            {
                TaskEvidence.Complete(Layout.SessionFolder(wave, task.Id), made.Sha);
                return new TaskPassed(Now, wave, task.Id);
            }

            // The result the wave branch refused, kept on its ref already: the task starts again from the new base.
            var refusedWork = refused is not null && head == await repository.ResolveAsync(refused.KeptRef, cancellationToken).ConfigureAwait(false);
            // What an early run left: its passed commit, or its fork after a failure (the attempt is on its ref already).
            var earlyWork = !refusedWork && early is { Passed: { } passed } && head == (passed ? early.Commit : early.BaseCommit)
                && (await workspace.ChangedPathsAsync(head, cancellationToken).ConfigureAwait(false)).Count == 0;
            var leftovers = !earlyWork && head == baseCommit && (await workspace.ChangedPathsAsync(baseCommit, cancellationToken).ConfigureAwait(false)).Count > 0;
            if (refusedWork)
            {
                context.Log($"wave {wave}: task {task.Id} runs again on the wave branch as it is now ({baseCommit[..7]}); its refused result is kept on {refused!.KeptRef}");
            }
            else if (!earlyWork && head != baseCommit && await DroppedResultAsync(workspace, trailer, cancellationToken).ConfigureAwait(false))
            {
                // A verified result the state no longer records (a retry forgets the early results): kept as it is.
                var aside = await repository.NextRefAsync(RefNames.SpecItem(RefNames.Dropped, spec, task.Id), cancellationToken).ConfigureAwait(false);
                await repository.UpdateRefAsync(aside, head, cancellationToken).ConfigureAwait(false);
                context.Log($"wave {wave}: task {task.Id} has a verified result ({head[..7]}) the run no longer records; it runs again (the result is kept on {aside})");
            }
            else if (!earlyWork && (head != baseCommit || leftovers))
            {
                // An interrupted session left work behind: keep it on a ref, start from the base again
                // (its uncommitted files too: the next session must not find them and commit them as its own).
                var aside = await repository.NextRefAsync(RefNames.SpecItem(RefNames.Interrupted, spec, task.Id), cancellationToken).ConfigureAwait(false);
                await workspace.SnapshotAsync(baseCommit, aside, $"pace: interrupted session of {task.Id}", cancellationToken).ConfigureAwait(false);
            }

            if (refusedWork || earlyWork || head != baseCommit || leftovers)
            {
                await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            }
        }

        var message = $"task({spec}): {task.Id} - {task.Title}\n\n{trailer}";
        if (early is { Passed: true, Commit: { } commit } && await ReplayEarlyAsync(wave, task, tree, baseCommit, baseline, commit, message, cancellationToken).ConfigureAwait(false))
        {
            return new TaskPassed(Now, wave, task.Id);
        }

        context.Log($"wave {wave}: task {task.Id} started ({task.Title})");
        var checks = SpecChecks.For(context.Config.Checks, task.Checks);
        // On a fleet the worker's clone has no kept ref: the prompt then names it without the command to see it.
        var prompt = SpecPrompts.Task(context.Spec, task, [.. checks.Select(c => c.Command), .. task.Verify], refused, keptHere: context.Fleet is null);
        var request = new SpecSessionRequest(tree, baseCommit, prompt, checks, Layout.SessionFolder(wave, task.Id), task.Id, baseline, message, RefNames.SpecItem(RefNames.SpecAttempts, spec, task.Id))
        {
            Verify = task.Verify,
            Prove = true,
            Regression = RegressionFor(task, wave, ranEarly, refused is not null),
            Evaluated = new EvaluatedItem(task.Id, $"{task.Title}\n{task.Prompt}".Trim(), [.. task.Subtasks.Select(s => s.Description)]),
            InterruptedPrefix = RefNames.SpecItem(RefNames.Interrupted, spec, task.Id),
            TestFiles = task.TestFiles,
        };
        // On a fleet, a worker runs the same session and its outcome lands here as this one's would.
        var outcome = context.Fleet is { } fleet
            ? await fleet.RunAsync(wave, task.Id, pausesBefore, request, context.Sessions, cancellationToken).ConfigureAwait(false)
            : await session.RunAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome.Limit is { } limit)
        {
            return waits.TaskPausedBy(wave, task, limit, pausesBefore, outcome.AttemptRef);
        }

        if (!outcome.Passed)
        {
            var claimed = outcome.ClaimedSuccessFalsely ? " although the agent claimed success" : "";
            context.Log($"wave {wave}: task {task.Id} FAILED verification{claimed}: {string.Join("; ", outcome.Reasons)} (attempt kept on {outcome.AttemptRef})");
            return new TaskFailed(Now, wave, task.Id, string.Join("; ", outcome.Reasons), outcome.ClaimedSuccessFalsely);
        }

        context.Checkpoint($"task-committed:{task.Id}");
        context.Log($"wave {wave}: task {task.Id} passed verification ({outcome.Commit![..7]})");
        return new TaskPassed(Now, wave, task.Id);
    }

    /// <summary>Whether the worktree's HEAD is a commit Pace made for the task (its trailer) and no uncommitted change lies on it.</summary>
    private static async Task<bool> DroppedResultAsync(Git.GitCliWorkspace workspace, string trailer, CancellationToken cancellationToken)
    {
        var log = await workspace.LogAsync(1, cancellationToken).ConfigureAwait(false);
        var head = log.Count > 0 ? log[0] : null;
        return head is not null && $"{head.Subject}\n{head.Body}".Contains(trailer, StringComparison.Ordinal)
            && (await workspace.ChangedPathsAsync(head.Sha, cancellationToken).ConfigureAwait(false)).Count == 0;
    }

    /// <summary>
    /// The early commit's own changes go onto <paramref name="baseCommit"/> (a cherry-pick: its history
    /// holds the previous wave's commits unsquashed, which a merge would see as conflicting with their
    /// squash), then Pace's checks run again there. False when it does not apply or the checks fail:
    /// the tree is back at the base and the task runs again.
    /// </summary>
    private async Task<bool> ReplayEarlyAsync(int wave, SpecTask task, string tree, string baseCommit, TestTotals? baseline, string commit, string message, CancellationToken cancellationToken)
    {
        var spec = context.Spec.Name;
        var workspace = new Git.GitCliWorkspace(tree, context.GitEnvironment);
        await context.Repository.UpdateRefAsync(RefNames.SpecItem(RefNames.Early, spec, task.Id), commit, cancellationToken).ConfigureAwait(false);
        if (!await workspace.ApplyAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            context.Log($"wave {wave}: task {task.Id}'s early result ({commit[..7]}) does not apply on {baseCommit[..7]}; it runs again");
            return false;
        }

        var (results, verdict) = await session.Verified.CheckTreeAsync(
            workspace, baseCommit, SpecChecks.For(context.Config.Checks, task.Checks), Layout.ProjectIn(tree), Path.Combine(Layout.SessionFolder(wave, task.Id), "replay-checks"),
            baseline, TamperReport.Clean, null, cancellationToken, VerifiedSession.Acceptance(task.Verify)).ConfigureAwait(false);
        if (!verdict.Passed)
        {
            var attempt = await context.Repository.NextRefAsync(RefNames.SpecItem(RefNames.SpecAttempts, spec, task.Id), cancellationToken).ConfigureAwait(false);
            await workspace.SnapshotAsync(baseCommit, attempt, $"pace: early result of {task.Id} on the wave's base", cancellationToken).ConfigureAwait(false);
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            context.Log($"wave {wave}: task {task.Id}'s early result failed verification on the wave's base: {string.Join("; ", verdict.Reasons)} (kept on {attempt}); it runs again");
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
        context.Checkpoint($"early-replayed:{task.Id}");
        context.Log($"wave {wave}: task {task.Id}'s early result passed verification again on the wave's base ({committed[..7]})");
        return true;
    }

    /// <summary>
    /// The <c>verify</c> commands of the spec's tasks already done whose work the task's tree holds, as
    /// regression checks (capped as in the feature loop): every task of an earlier wave (merged into the
    /// wave's base) or, for a task running early from a fork, its dependencies (the fork holds their results).
    /// A task run again on the wave branch after a refused merge starts from its wave's tasks listed
    /// before it too: their merges are on that branch.
    /// </summary>
    private IReadOnlyList<CheckSpec> RegressionFor(SpecTask task, int wave, bool ranEarly, bool onWaveBranch)
    {
        var done = ranEarly ? AllDependencies(task)
            : onWaveBranch ? SpecChecks.OnWaveBranchBefore(context.Spec, task)
            : context.Spec.Tasks.Where(t => t.Wave < wave);
        return SpecChecks.Regression(done, task, context.Config.RegressionCap);
    }

    private List<SpecTask> AllDependencies(SpecTask task)
    {
        var found = new Dictionary<string, SpecTask>(StringComparer.Ordinal);
        var todo = new Stack<string>(task.DependsOn);
        while (todo.TryPop(out var id))
        {
            if (!found.ContainsKey(id) && context.Spec.Find(id) is { } dependency)
            {
                found[id] = dependency;
                foreach (var next in dependency.DependsOn)
                {
                    todo.Push(next);
                }
            }
        }

        return [.. found.Values.OrderBy(t => t.Index)];
    }
}
