using System.Collections.Concurrent;
using Pace.Adapters.Integration;
using Pace.Core.Git;
using Pace.Core.Integration;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// Brings a wave's passed tasks onto the wave branch, in spec order, through the merge queue (one
/// result at a time, a merge commit per task, the branch moved only by a compare-and-swap, so a kill
/// leaves it where it was or at the new merge). Where the wave branch took other tasks since the task
/// started, the merged tree is checked first (the project's checks, the task's own, the verify commands
/// of the tasks already on the branch, the test totals not below the wave's baseline). A task whose
/// result conflicts or turns the merged tree red is refused: the branch stays as it was, the result is
/// kept on a ref, and the spec machine has the task run again once on the wave branch as it is then.
/// </summary>
internal sealed class TaskMerges(WaveContext context, SpecSession session, WaveStart start) : IDisposable
{
    /// <summary>One merging into a wave branch at a time: the early merges of passed tasks run from several slots.</summary>
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>
    /// Refusals met during the wave, by task: the wave's end finds the same result on the same branch
    /// head and reports it without running the checks a second time. Lost with the process, which only
    /// costs that second run.
    /// </summary>
    private readonly ConcurrentDictionary<string, (string Source, string Head, IntegrationOutcome Outcome)> _refused = new(StringComparer.Ordinal);

    private SpecLayout Layout => context.Layout;

    private DateTimeOffset Now => context.Clock.GetUtcNow();

    public void Dispose() => _one.Dispose();

    /// <summary>
    /// MergeTaskBranches: every listed task's branch into the wave branch, up to the first that is
    /// refused (reported as <see cref="TaskMergeRefused"/>). Last, an execute-spec tasks.json on the
    /// wave branch gets the wave's tasks marked pass.
    /// </summary>
    public async Task MergeAllAsync(MergeTaskBranches merge, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var tree = Layout.WaveWorktree(merge.Wave);
        var workspace = new Git.GitCliWorkspace(tree, context.GitEnvironment);
        await MergeQueue.OpenWorktreeAsync(context.Repository, workspace, merge.WaveBranch, cancellationToken).ConfigureAwait(false);
        await ClearLeftoversAsync(workspace, cancellationToken).ConfigureAwait(false);
        // Measured when the wave started and kept in a file (measured here, on the branch, only if that file is gone).
        var baseline = await start.BaselineAsync(merge.Wave, tree, cancellationToken).ConfigureAwait(false);
        foreach (var id in context.Spec.TasksOf(merge.Wave).Select(t => t.Id).Where(merge.TaskIds.Contains))
        {
            var branch = Layout.TaskBranch(merge.Wave, id);
            if (!await context.Repository.BranchExistsAsync(branch, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // Merged before an interruption: skip it.
            if (await context.Repository.IsAncestorAsync("refs/heads/" + branch, "refs/heads/" + merge.WaveBranch, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var outcome = await IntegrateAsync(workspace, merge.WaveBranch, merge.Wave, id, baseline, cancellationToken).ConfigureAwait(false);
            if (Refusal(outcome) is not { } refusal)
            {
                context.Checkpoint($"task-merged:{id}");
                continue;
            }

            KeepInEvidence(merge.Wave, id, refusal.Reason, refusal.KeptRef);
            context.Log($"wave {merge.Wave}: the wave branch refused task {id}'s result: {refusal.Reason}; it is kept on {refusal.KeptRef}");
            await report(new TaskMergeRefused(Now, merge.Wave, id, refusal.Reason, refusal.KeptRef)).ConfigureAwait(false);
            return;
        }

        // The last merge's checks may have left files in the worktree (it is put right only before a merge): not the wave's.
        await ClearLeftoversAsync(workspace, cancellationToken).ConfigureAwait(false);
        await MarkTasksPassedAsync(merge.Wave, workspace, cancellationToken).ConfigureAwait(false);
        await report(new TaskBranchesMerged(Now, merge.Wave)).ConfigureAwait(false);
    }

    /// <summary>
    /// During the wave: the passed tasks in spec order, up to the first that has not passed yet or is
    /// refused (the rest then waits for MergeTaskBranches, which reports the refusal), so that the
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
                if (await context.Repository.BranchExistsAsync(Layout.TaskBranch(wave.Wave, id), cancellationToken).ConfigureAwait(false)
                    && Refusal(await IntegrateAsync(workspace, wave.WaveBranch, wave.Wave, id, wave.Baseline, cancellationToken).ConfigureAwait(false)) is not null)
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

    private static (string Reason, string KeptRef)? Refusal(IntegrationOutcome outcome) => outcome switch
    {
        IntegrationOutcome.Conflicted conflict => ($"it conflicts with the wave's other tasks in {string.Join(", ", conflict.Paths)}", conflict.KeptRef),
        IntegrationOutcome.Red red => ($"with the wave's other tasks merged, {string.Join("; ", red.Reasons)}", red.KeptRef),
        _ => null,
    };

    /// <summary>The task's branch through the merge queue, its merged tree checked; a refused result stays on its branch and on a kept ref.</summary>
    private async Task<IntegrationOutcome> IntegrateAsync(Git.GitCliWorkspace workspace, string waveBranch, int wave, string taskId, TestTotals? baseline, CancellationToken cancellationToken)
    {
        var branch = "refs/heads/" + Layout.TaskBranch(wave, taskId);
        var source = await context.Repository.ResolveAsync(branch, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"branch {branch} vanished");
        var head = await context.Repository.ResolveAsync("refs/heads/" + waveBranch, cancellationToken).ConfigureAwait(false) ?? "";
        if (_refused.TryGetValue(taskId, out var met) && met.Source == source && met.Head == head)
        {
            return met.Outcome;
        }

        var kept = await KeptRefAsync(taskId, source, cancellationToken).ConfigureAwait(false);
        using var queue = new MergeQueue(context.Repository, workspace, waveBranch);
        var item = new IntegrationItem(taskId, source, MergeMessage(wave, taskId), IntegrationStyle.MergeCommit, kept,
            (root, token) => IntegratedChecksAsync(wave, taskId, waveBranch, source, baseline, root, token));
        var outcome = await queue.IntegrateAsync(item, cancellationToken).ConfigureAwait(false);
        if (Refusal(outcome) is not null)
        {
            _refused[taskId] = (source, head, outcome);
        }

        return outcome;
    }

    /// <summary>
    /// The checks on the merged tree: none when the wave branch is where the task started (the merged
    /// tree is the one its session verified); otherwise the project's checks and the task's own, the
    /// verify commands of the task and of the tasks already on the branch (capped as in a session), and
    /// the test totals not below the wave's baseline.
    /// </summary>
    private async Task<IReadOnlyList<string>> IntegratedChecksAsync(int wave, string taskId, string waveBranch, string source, TestTotals? baseline, string root, CancellationToken cancellationToken)
    {
        var head = await context.Repository.ResolveAsync("refs/heads/" + waveBranch, cancellationToken).ConfigureAwait(false);
        if (head is null || await context.Repository.IsAncestorAsync(head, source, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var task = context.Spec.Find(taskId) ?? throw new InvalidOperationException($"task {taskId} is not in the spec");
        // Counted and not as in the task's session: the project's and the task's checks against the wave's baseline, verify commands apart.
        var (reasons, _) = await session.Verified.CheckJoinedAsync(
            SpecChecks.For(context.Config.Checks, task.Checks),
            [.. VerifiedSession.Acceptance(task.Verify), .. SpecChecks.Regression(SpecChecks.OnWaveBranchBefore(context.Spec, task), task, context.Config.RegressionCap)],
            Layout.ProjectIn(root), Path.Combine(Layout.SessionFolder(wave, taskId), "integrated"), baseline, cancellationToken).ConfigureAwait(false);
        context.Checkpoint($"integrated-checks-run:{taskId}");
        return reasons;
    }

    /// <summary>
    /// The ref a refused result is kept on: the task's next <c>refs/pace/spec-kept/SPEC/TASK/N</c>, or the
    /// last one when it holds this result already (a merge tried again after a kill keeps it once).
    /// </summary>
    private async Task<string> KeptRefAsync(string taskId, string source, CancellationToken cancellationToken)
    {
        var prefix = RefNames.SpecItem(RefNames.SpecKept, context.Spec.Name, taskId);
        var next = await context.Repository.NextRefAsync(prefix, cancellationToken).ConfigureAwait(false);
        var number = int.Parse(next.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var last = $"{prefix}/{number - 1}";
        return number > 1 && await context.Repository.ResolveAsync(last, cancellationToken).ConfigureAwait(false) == source ? last : next;
    }

    /// <summary>
    /// The refused result's evidence says so and names its ref, as a failed attempt's does: the task's
    /// next session then keeps it among the task's attempts instead of deleting it as a passed one.
    /// </summary>
    private void KeepInEvidence(int wave, string taskId, string reason, string keptRef)
    {
        var folder = Layout.SessionFolder(wave, taskId);
        if (TaskEvidence.Latest(folder) is not { } evidence || evidence.AttemptRef == keptRef)
        {
            return;
        }

        var refused = evidence with
        {
            Verdict = evidence.Verdict with { Passed = false, Reasons = [.. evidence.Verdict.Reasons, $"the wave branch refused the result: {reason}"] },
            AttemptRef = keptRef,
        };
        Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(refused));
    }

    /// <summary>
    /// The wave's worktree is Pace's own, and only a merge writes in it during a wave: anything
    /// uncommitted there (a merge or a tasks.json commit killed half-way, checks' leftovers, a
    /// conflicted merge an older Pace left in progress) is removed.
    /// </summary>
    private async Task ClearLeftoversAsync(Git.GitCliWorkspace workspace, CancellationToken cancellationToken)
    {
        if ((await workspace.ChangedPathsAsync("HEAD", cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            return;
        }

        context.Log($"{workspace.Root}: uncommitted files (an interrupted merge's, or checks' leftovers) are removed before merging");
        await workspace.ResetAsync("HEAD", cancellationToken).ConfigureAwait(false);
    }

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
