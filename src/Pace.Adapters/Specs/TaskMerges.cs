using Pace.Adapters.Integration;
using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Integration;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// Brings a wave's passed tasks onto the wave branch, in spec order, through the merge queue (one
/// result at a time, a merge commit per task, the branch moved only by a compare-and-swap, so a kill
/// leaves it where it was or at the new merge). A task whose branch conflicts gets one agent session
/// in the wave's worktree to resolve it; Pace then checks that no conflict is left and runs the checks.
/// </summary>
internal sealed class TaskMerges(WaveContext context, SpecSession session, SpecUsageWaits waits) : IDisposable
{
    /// <summary>One merging into a wave branch at a time: the early merges of passed tasks run from several slots.</summary>
    private readonly SemaphoreSlim _one = new(1, 1);

    private SpecLayout Layout => context.Layout;

    private DateTimeOffset Now => context.Clock.GetUtcNow();

    public void Dispose() => _one.Dispose();

    /// <summary>
    /// MergeTaskBranches: every listed task's branch into the wave branch; a conflict gets its agent
    /// session. Last, an execute-spec tasks.json on the wave branch gets the wave's tasks marked pass.
    /// </summary>
    public async Task MergeAllAsync(MergeTaskBranches merge, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var tree = Layout.WaveWorktree(merge.Wave);
        var workspace = new Git.GitCliWorkspace(tree, context.GitEnvironment);
        await MergeQueue.OpenWorktreeAsync(context.Repository, workspace, merge.WaveBranch, cancellationToken).ConfigureAwait(false);
        await ClearInterruptedMergeAsync(workspace, cancellationToken).ConfigureAwait(false);
        foreach (var id in context.Spec.TasksOf(merge.Wave).Select(t => t.Id).Where(merge.TaskIds.Contains))
        {
            var branch = Layout.TaskBranch(merge.Wave, id);
            if (!await context.Repository.BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // Merged before an interruption: skip it, so that a merge left in progress is the one resumed.
            if (await context.Repository.IsAncestorAsync("refs/heads/" + branch, "refs/heads/" + merge.WaveBranch, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // A merge left in progress is a conflict session's, killed: resumed as it is, by that session again.
            var message = MergeMessage(merge.Wave, id);
            if (!await workspace.MergingAsync(cancellationToken).ConfigureAwait(false)
                && await IntegrateAsync(workspace, merge.WaveBranch, merge.Wave, id, branch, cancellationToken).ConfigureAwait(false))
            {
                context.Checkpoint($"task-merged:{id}");
                continue;
            }

            var merged = await waits.WaitingOutLimitsAsync($"wave {merge.Wave}: the conflict session of task {id}",
                () => MergeConflictingAsync(merge.Wave, id, tree, branch, message, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (!merged.Passed)
            {
                await report(new TaskBranchesConflicted(Now, merge.Wave, string.Join("; ", merged.Reasons))).ConfigureAwait(false);
                return;
            }

            context.Checkpoint($"task-merged:{id}");
        }

        await MarkTasksPassedAsync(merge.Wave, workspace, cancellationToken).ConfigureAwait(false);
        await report(new TaskBranchesMerged(Now, merge.Wave)).ConfigureAwait(false);
    }

    /// <summary>
    /// During the wave: the passed tasks in spec order, up to the first that has not passed yet or
    /// conflicts (the rest then waits for MergeTaskBranches and its conflict session), so that the
    /// wave's end has less to do.
    /// </summary>
    public async Task MergePassedAsync(WaveRun wave, CancellationToken cancellationToken)
    {
        var tasks = context.Spec.TasksOf(wave.Wave);
        var workspace = new Git.GitCliWorkspace(wave.WaveTree, context.GitEnvironment);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!wave.Blocked && wave.Merged < tasks.Count && wave.Passed.ContainsKey(tasks[wave.Merged].Id))
            {
                var id = tasks[wave.Merged].Id;
                var branch = Layout.TaskBranch(wave.Wave, id);
                if (await context.Repository.BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false)
                    && !await IntegrateAsync(workspace, wave.WaveBranch, wave.Wave, id, branch, cancellationToken).ConfigureAwait(false))
                {
                    wave.Blocked = true;
                    break;
                }

                wave.Merged++;
            }
        }
        finally
        {
            _one.Release();
        }
    }

    private string MergeMessage(int wave, string taskId) => $"Merge task {taskId} into wave {wave} of {context.Spec.Name}";

    /// <summary>The task's branch through the merge queue; false when it conflicts (nothing changed then, its result stays on its branch).</summary>
    private async Task<bool> IntegrateAsync(Git.GitCliWorkspace workspace, string waveBranch, int wave, string taskId, string branch, CancellationToken cancellationToken)
    {
        using var queue = new MergeQueue(context.Repository, workspace, waveBranch);
        // The keep ref is the task's own branch: a result that cannot join stays where it is.
        var item = new IntegrationItem(taskId, "refs/heads/" + branch, MergeMessage(wave, taskId), IntegrationStyle.MergeCommit, "refs/heads/" + branch, NoChecks);
        var outcome = await queue.IntegrateAsync(item, cancellationToken).ConfigureAwait(false);
        return outcome is IntegrationOutcome.Integrated or IntegrationOutcome.AlreadyIntegrated;
    }

    /// <summary>
    /// A task's own checks passed in its worktree; the spec's tasks are checked together when the
    /// wave's pull request is reviewed, so a clean merge adds no checks here (as before the queue).
    /// </summary>
    private static Task<IReadOnlyList<string>> NoChecks(string tree, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>
    /// The wave's worktree is Pace's own, and only a merge writes in it during a wave. Outside a merge
    /// in progress (which is resumed as it is), anything uncommitted there is what a merge killed
    /// half-way left (a half-written checkout) or checks' leftovers: it is removed.
    /// </summary>
    private async Task ClearInterruptedMergeAsync(Git.GitCliWorkspace workspace, CancellationToken cancellationToken)
    {
        if (await workspace.MergingAsync(cancellationToken).ConfigureAwait(false)
            || (await workspace.ChangedPathsAsync("HEAD", cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return;
        }

        context.Log($"{workspace.Root}: uncommitted files (an interrupted merge's, or checks' leftovers) are removed before merging");
        await workspace.ResetAsync("HEAD", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges the task's branch in the wave's worktree; the conflict gets an agent session to resolve it.
    /// A session stopped by a usage window leaves its partial work on a ref and the merge aborted: the
    /// caller waits the window out and calls again, which merges again.
    /// </summary>
    private async Task<SessionOutcome> MergeConflictingAsync(int wave, string taskId, string tree, string branch, string message, CancellationToken cancellationToken)
    {
        var outcome = await context.Repository.MergeAsync(tree, branch, message, abortOnConflict: false, cancellationToken).ConfigureAwait(false);
        if (outcome is not MergeOutcome.Conflict conflict)
        {
            return SessionOutcome.Clean;
        }

        context.Log($"wave {wave}: merging task {taskId} conflicts in {string.Join(", ", conflict.Paths)}; an agent session resolves it");
        return await ResolveConflictAsync(wave, taskId, tree, conflict.Paths, message, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>Passed when resolved and committed; else why not (the merge is then aborted).</returns>
    private async Task<SessionOutcome> ResolveConflictAsync(int wave, string taskId, string tree, IReadOnlyList<string> paths, string message, CancellationToken cancellationToken)
    {
        var workspace = new Git.GitCliWorkspace(tree, context.GitEnvironment);
        var before = await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        var folder = Layout.SessionFolder(wave, "conflict-" + taskId);
        Directory.CreateDirectory(folder);
        var checks = SpecChecks.For(context.Config.Checks, []);
        var prompt = SpecPrompts.Conflict(context.Spec, wave, taskId, paths, [.. checks.Select(c => c.Command)]);
        var request = new AgentRequest(Layout.ProjectIn(tree), prompt, Path.Combine(folder, "transcript.jsonl"), context.Config.SessionLimits);
        var agent = await context.Agent.RunAsync(request, _ => { }, cancellationToken).ConfigureAwait(false);
        if (agent.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        context.Checkpoint($"agent-finished:conflict-{taskId}");
        var inMerge = await workspace.MergingAsync(cancellationToken).ConfigureAwait(false);
        // Back to the wave's commit before the merge: the agent may have ended the merge itself.
        Task UndoAsync() => inMerge ? workspace.AbortMergeAsync(cancellationToken) : workspace.ResetAsync(before, cancellationToken);
        if (agent.Limit is { } limit)
        {
            var aside = await context.Repository.NextRefAsync(RefNames.SpecItem(RefNames.Interrupted, context.Spec.Name, "conflict-" + taskId), cancellationToken).ConfigureAwait(false);
            var kept = await workspace.SnapshotAsync(before, aside, $"pace: the conflict session of {taskId} stopped by a usage limit", cancellationToken).ConfigureAwait(false);
            await UndoAsync().ConfigureAwait(false);
            return new SessionOutcome(false, [], null, kept is null ? null : aside) { Limit = limit };
        }

        var reasons = new List<string>();
        var markers = paths.Where(p => File.Exists(Path.Combine(tree, p)) && HasMarkers(File.ReadAllText(Path.Combine(tree, p)))).ToList();
        if (markers.Count > 0)
        {
            reasons.Add($"conflict markers left in {string.Join(", ", markers)}");
        }

        if (!inMerge && !await context.Repository.IsAncestorAsync("refs/heads/" + Layout.TaskBranch(wave, taskId), "HEAD", cancellationToken).ConfigureAwait(false))
        {
            reasons.Add("the agent ended the merge without merging the task");
        }

        if (reasons.Count == 0)
        {
            var (_, verdict) = await session.Verified.CheckTreeAsync(
                workspace, before, checks, Layout.ProjectIn(tree), Path.Combine(folder, "checks"), null, TamperReport.Clean, agent, cancellationToken).ConfigureAwait(false);
            reasons.AddRange(verdict.Reasons);
            reasons.AddRange(session.Verified.AgentReasons(agent));
        }

        if (reasons.Count > 0)
        {
            await UndoAsync().ConfigureAwait(false);
            return new SessionOutcome(false, [$"merging task {taskId} into wave {wave} conflicted in {string.Join(", ", paths)} and the agent's resolution failed: {string.Join("; ", reasons)}"], null, null);
        }

        if (inMerge)
        {
            await workspace.CommitAllAsync(message + " (conflicts resolved by the agent, verified by Pace)", cancellationToken).ConfigureAwait(false);
        }

        context.Log($"wave {wave}: the conflict of task {taskId} is resolved and verified");
        return SessionOutcome.Clean;
    }

    private static bool HasMarkers(string text) =>
        text.Split('\n').Any(l => l.StartsWith("<<<<<<< ", StringComparison.Ordinal) || l.StartsWith(">>>>>>> ", StringComparison.Ordinal) || l == "=======");

    /// <summary>execute-spec only: tasks.json on the wave branch gets "pass" for the wave's tasks, through SpecEditor (every other byte kept).</summary>
    private async Task MarkTasksPassedAsync(int wave, Git.GitCliWorkspace workspace, CancellationToken cancellationToken)
    {
        if (context.Spec.Format == SpecFormat.Native)
        {
            return;
        }

        var path = Path.Combine(workspace.Root, Layout.SpecFileRel);
        if (!File.Exists(path))
        {
            return;
        }

        var parsed = SpecParser.Parse(path, await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
        if (parsed.Spec is not { } spec)
        {
            return;
        }

        var changes = new Dictionary<string, SpecTaskStatus>(StringComparer.Ordinal);
        foreach (var task in context.Spec.TasksOf(wave))
        {
            if (spec.Find(task.Id) is not { } found)
            {
                continue;
            }

            if (found.Status != SpecTaskStatus.Pass)
            {
                changes[found.Id] = SpecTaskStatus.Pass;
            }

            foreach (var subtask in found.Subtasks.Where(s => s.Status != SpecTaskStatus.Pass))
            {
                changes[subtask.Id] = SpecTaskStatus.Pass;
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        Storage.AtomicFile.WriteVerbatim(path, SpecEditor.SetStatus(spec, changes));
        await workspace.CommitAllAsync($"chore({context.Spec.Name}): wave {wave} tasks pass\n\nPace verified each task; see the pull request.", cancellationToken).ConfigureAwait(false);
    }
}
