using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    /// <summary>
    /// Merges each task branch into the wave branch in the wave's worktree. A conflict gets one agent
    /// session there to resolve it; Pace then checks that no conflict is left and runs the checks. Last,
    /// an execute-spec tasks.json on the wave branch gets the wave's tasks marked pass.
    /// </summary>
    private async Task MergeTasksAsync(MergeTaskBranches merge, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var tree = await WorktreeAsync(Layout.WaveWorktree(merge.Wave), merge.WaveBranch, cancellationToken).ConfigureAwait(false);
        await ClearInterruptedMergeAsync(tree, cancellationToken).ConfigureAwait(false);
        foreach (var id in _context.Spec.TasksOf(merge.Wave).Select(t => t.Id).Where(merge.TaskIds.Contains))
        {
            var branch = Layout.TaskBranch(merge.Wave, id);
            if (!await _context.Repository.BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // Merged before an interruption: skip it, so that a merge left in progress is the one resumed.
            if (await _context.Repository.IsAncestorAsync("refs/heads/" + branch, "refs/heads/" + merge.WaveBranch, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var message = $"Merge task {id} into wave {merge.Wave} of {_context.Spec.Name}";
            var merged = await WaitingOutLimitsAsync($"wave {merge.Wave}: the conflict session of task {id}",
                () => MergeTaskAsync(merge.Wave, id, tree, branch, message, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (!merged.Passed)
            {
                await report(new TaskBranchesConflicted(Now, merge.Wave, string.Join("; ", merged.Reasons))).ConfigureAwait(false);
                return;
            }

            _context.Checkpoint($"task-merged:{id}");
        }

        await MarkTasksPassedAsync(merge.Wave, tree, cancellationToken).ConfigureAwait(false);
        await report(new TaskBranchesMerged(Now, merge.Wave)).ConfigureAwait(false);
    }

    /// <summary>
    /// The wave's worktree is Pace's own, and only a merge writes in it during a wave. Outside a merge
    /// in progress (which is resumed as it is), anything uncommitted there is what a merge killed
    /// half-way left (a half-written checkout): it is removed, and the merge is done again.
    /// </summary>
    private async Task ClearInterruptedMergeAsync(string tree, CancellationToken cancellationToken)
    {
        var workspace = Workspace(tree);
        if (await workspace.MergingAsync(cancellationToken).ConfigureAwait(false)
            || (await workspace.ChangedPathsAsync("HEAD", cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return;
        }

        _context.Log($"{tree}: uncommitted files (an interrupted merge's, or checks' leftovers) are removed before merging");
        await workspace.ResetAsync("HEAD", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Merges the task's branch; a conflict gets an agent session to resolve it. A session stopped by a
    /// usage window leaves its partial work on a ref and the merge aborted: the caller waits the window
    /// out and calls again, which merges again.
    /// </summary>
    private async Task<SessionOutcome> MergeTaskAsync(int wave, string taskId, string tree, string branch, string message, CancellationToken cancellationToken)
    {
        var outcome = await _context.Repository.MergeAsync(tree, branch, message, abortOnConflict: false, cancellationToken).ConfigureAwait(false);
        if (outcome is not MergeOutcome.Conflict conflict)
        {
            return new SessionOutcome(true, [], null, null);
        }

        _context.Log($"wave {wave}: merging task {taskId} conflicts in {string.Join(", ", conflict.Paths)}; an agent session resolves it");
        return await ResolveConflictAsync(wave, taskId, tree, conflict.Paths, message, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>Passed when resolved and committed; else why not (the merge is then aborted).</returns>
    private async Task<SessionOutcome> ResolveConflictAsync(int wave, string taskId, string tree, IReadOnlyList<string> paths, string message, CancellationToken cancellationToken)
    {
        var workspace = Workspace(tree);
        var before = await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        var folder = Layout.SessionFolder(wave, "conflict-" + taskId);
        Directory.CreateDirectory(folder);
        var checks = ChecksFor([]);
        var prompt = SpecPrompts.Conflict(_context.Spec, wave, taskId, paths, [.. checks.Select(c => c.Command)]);
        var request = new AgentRequest(Layout.ProjectIn(tree), prompt, Path.Combine(folder, "transcript.jsonl"), _context.Config.SessionLimits);
        var agent = await _context.Agent.RunAsync(request, _ => { }, cancellationToken).ConfigureAwait(false);
        if (agent.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        _context.Checkpoint($"agent-finished:conflict-{taskId}");
        var inMerge = await workspace.MergingAsync(cancellationToken).ConfigureAwait(false);
        // Back to the wave's commit before the merge: the agent may have ended the merge itself.
        Task UndoAsync() => inMerge ? workspace.AbortMergeAsync(cancellationToken) : workspace.ResetAsync(before, cancellationToken);
        if (agent.Limit is { } limit)
        {
            var aside = await _context.Repository.NextRefAsync(RefNames.SpecItem(RefNames.Interrupted, _context.Spec.Name, "conflict-" + taskId), cancellationToken).ConfigureAwait(false);
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

        if (!inMerge && !await _context.Repository.IsAncestorAsync("refs/heads/" + Layout.TaskBranch(wave, taskId), "HEAD", cancellationToken).ConfigureAwait(false))
        {
            reasons.Add("the agent ended the merge without merging the task");
        }

        if (reasons.Count == 0)
        {
            var (_, verdict) = await Verified.CheckTreeAsync(
                workspace, before, checks, Layout.ProjectIn(tree), Path.Combine(folder, "checks"), null, TamperReport.Clean, agent, cancellationToken).ConfigureAwait(false);
            reasons.AddRange(verdict.Reasons);
            reasons.AddRange(Verified.AgentReasons(agent));
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

        _context.Log($"wave {wave}: the conflict of task {taskId} is resolved and verified");
        return new SessionOutcome(true, [], null, null);
    }

    private static bool HasMarkers(string text) =>
        text.Split('\n').Any(l => l.StartsWith("<<<<<<< ", StringComparison.Ordinal) || l.StartsWith(">>>>>>> ", StringComparison.Ordinal) || l == "=======");

    /// <summary>execute-spec only: tasks.json on the wave branch gets "pass" for the wave's tasks, through SpecEditor (every other byte kept).</summary>
    private async Task MarkTasksPassedAsync(int wave, string tree, CancellationToken cancellationToken)
    {
        if (_context.Spec.Format == SpecFormat.Native)
        {
            return;
        }

        var path = Path.Combine(tree, Layout.SpecFileRel);
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
        foreach (var task in _context.Spec.TasksOf(wave))
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
        await Workspace(tree).CommitAllAsync($"chore({_context.Spec.Name}): wave {wave} tasks pass\n\nPace verified each task; see the pull request.", cancellationToken).ConfigureAwait(false);
    }
}
