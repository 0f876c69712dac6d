using System.Text;
using Pace.Core.Forge;
using Pace.Core.Git;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    /// <summary>The base branch (unless it is the target, which is the forge's own) and the wave branch are published first.</summary>
    private async Task OpenPullRequestAsync(OpenPullRequest open, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        SpecEvent outcome;
        try
        {
            if (open.Base != state.TargetBranch)
            {
                await _context.Forge.PublishAsync(open.Base, await HeadOfAsync(open.Base, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            await _context.Forge.PublishAsync(open.Head, await HeadOfAsync(open.Head, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var pr = await _context.Forge.OpenOrFindAsync(new PullRequestDraft(open.Head, open.Base, open.Title, Body(open.Wave)), cancellationToken).ConfigureAwait(false);
            _context.Checkpoint($"forge-opened:{open.Wave}");
            _context.Log($"wave {open.Wave}: PR #{pr.Number} {open.Head} -> {open.Base} ({pr.Url})");
            outcome = new PullRequestOpened(Now, open.Wave, pr.Number, pr.Url);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or Adapters.Git.GitException or Forges.GitHub.GitHubApiException)
        {
            outcome = new PullRequestFailed(Now, open.Wave, e.Message);
        }

        await report(outcome).ConfigureAwait(false);
    }

    /// <summary>The tasks of the wave and what Pace verified for each.</summary>
    private string Body(int wave)
    {
        var text = new StringBuilder($"Wave {wave} of {_context.Spec.Waves.Count} of spec {_context.Spec.Name}.\n\n## Tasks\n\n");
        foreach (var task in _context.Spec.TasksOf(wave))
        {
            text.Append("- **").Append(task.Id).Append("**: ").Append(task.Title).Append('\n');
            if (EvidenceIn(Layout.SessionFolder(wave, task.Id)) is not { } evidence)
            {
                text.Append("  - no session: the spec file marks it ").Append(task.Status.ToString().ToLowerInvariant()).Append('\n');
                continue;
            }

            text.Append("  - verified by Pace: ").Append(evidence.Verdict.Passed ? "passed" : "failed");
            if (evidence.TotalsAfter is { } totals)
            {
                text.Append(", tests ").Append(totals);
            }

            text.Append("; ").Append(evidence.Diff.FilesChanged).Append(" files, +").Append(evidence.Diff.Insertions).Append(" -").Append(evidence.Diff.Deletions).Append('\n');
            foreach (var check in evidence.Checks)
            {
                text.Append("  - check `").Append(check.Command).Append("`: exit ").Append(check.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none").Append('\n');
            }

            text.Append("  - commit ").Append(evidence.ResultCommit).Append(", agent ").Append(evidence.Agent).Append('\n');
            var attempts = TaskEvidence.All(Layout.SessionFolder(wave, task.Id));
            for (var n = 1; n < attempts.Count; n++)
            {
                text.Append("  - earlier attempt ").Append(n).Append(": ").Append(TaskEvidence.Describe(attempts[n - 1])).Append('\n');
            }
        }

        return text.ToString();
    }

    private async Task MergePullRequestAsync(MergePullRequest merge, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        if (merge.NeedsConfirmation)
        {
            var yes = _context.Yes || _context.Confirm($"Merge PR #{merge.PrNumber} ({state.WaveBranch}) into {merge.Target}?") == true;
            await report(yes ? new MergeConfirmed(Now) : new MergeDeclined(Now)).ConfigureAwait(false);
            return;
        }

        var reviews = await _context.Forge.GetReviewsAsync(merge.PrNumber, cancellationToken).ConfigureAwait(false);
        var approved = reviews.LastOrDefault(r => r.Kind == ReviewKind.Approved)?.HeadSha ?? "";
        var tasks = string.Join("\n", _context.Spec.TasksOf(state.CurrentWave).Select(t => $"- {t.Id}: {t.Title}"));
        var message = $"{_context.Spec.Name}: wave {state.CurrentWave} of {state.TotalWaves} (PR #{merge.PrNumber})\n\n{tasks}";
        var result = await _context.Forge.MergeAsync(merge.PrNumber, approved, message, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint("forge-merged");
        SpecEvent outcome = result switch
        {
            ForgeMergeResult.Merged merged => new PullRequestMerged(Now),
            ForgeMergeResult.HeadMoved moved => new MergeFailed(Now, $"PR #{merge.PrNumber}: {state.WaveBranch} is at {moved.Actual}, not at the approved {moved.Expected}"),
            ForgeMergeResult.Conflict conflict => new MergeFailed(Now, $"PR #{merge.PrNumber} conflicts with {merge.Target} in {string.Join(", ", conflict.Paths)}"),
            ForgeMergeResult.Refused refused => new MergeFailed(Now, refused.Reason),
            _ => throw new InvalidOperationException($"unexpected merge result {result}"),
        };
        if (outcome is PullRequestMerged)
        {
            _context.Log($"wave {state.CurrentWave}: PR #{merge.PrNumber} squash-merged into {merge.Target}");
        }

        await report(outcome).ConfigureAwait(false);
    }

    /// <summary>The wave's worktrees and task branches go, then the branches listed; never main, master or a checked-out branch.</summary>
    private async Task CleanupAsync(CleanupBranches cleanup, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var repository = _context.Repository;
        var problems = new List<string>();
        var tasks = _context.Spec.TasksOf(cleanup.Wave);
        await repository.RemoveWorktreeAsync(Layout.WaveWorktree(cleanup.Wave), cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"wave-worktree-removed:{cleanup.Wave}");
        foreach (var task in tasks)
        {
            await repository.RemoveWorktreeAsync(Layout.TaskWorktree(cleanup.Wave, task.Id), cancellationToken).ConfigureAwait(false);
            _context.Checkpoint($"task-worktree-removed:{task.Id}");
        }

        foreach (var branch in tasks.Select(t => Layout.TaskBranch(cleanup.Wave, t.Id)).Concat(cleanup.Branches))
        {
            try
            {
                await repository.DeleteBranchAsync(branch, cancellationToken).ConfigureAwait(false);
                _context.Checkpoint($"branch-deleted:{branch}");
                await _context.Forge.PublishAsync(branch, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ProtectedBranchException e)
            {
                problems.Add(e.Message);
            }
        }

        await report(problems.Count == 0 ? new BranchCleaned(Now) : new BranchCleanupFailed(Now, string.Join("; ", problems))).ConfigureAwait(false);
    }
}
