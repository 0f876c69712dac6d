using System.Globalization;
using System.Text;
using Pace.Core.Forge;
using Pace.Core.Git;
using Pace.Core.Ports;
using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// A spec wave's pull request on the forge: opened (or found again) with a body of what Pace verified,
/// squash-merged at the approved head once the user agreed where that is asked, and the wave's
/// worktrees and branches removed after the merge. Each step finds what an interrupted run already did.
/// </summary>
/// <param name="confirm">Whether the user agrees to a merge (asked, or said yes beforehand with --yes).</param>
/// <param name="checkpoint">Called at named steps between two side effects; the crash tests stop the process there.</param>
internal sealed class WavePullRequests(
    IForge forge, IRepository repository, Spec spec, SpecLayout layout, TimeProvider clock,
    Func<string, bool> confirm, Action<string> checkpoint, Action<string> log)
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The base branch (unless it is the target, which is the forge's own) and the wave branch are published first.</summary>
    public async Task OpenAsync(OpenPullRequest open, WaveAtHand wave, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        SpecEvent outcome;
        try
        {
            if (open.Base != wave.TargetBranch)
            {
                await forge.PublishAsync(open.Base, await repository.HeadOfAsync(open.Base, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }

            await forge.PublishAsync(open.Head, await repository.HeadOfAsync(open.Head, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var pr = await forge.OpenOrFindAsync(new PullRequestDraft(open.Head, open.Base, open.Title, Body(open.Wave)), cancellationToken).ConfigureAwait(false);
            checkpoint($"forge-opened:{open.Wave}");
            log($"wave {open.Wave}: PR #{pr.Number} {open.Head} -> {open.Base} ({pr.Url})");
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
        var text = new StringBuilder($"Wave {wave} of {spec.Waves.Count} of spec {spec.Name}.\n\n## Tasks\n\n");
        foreach (var task in spec.TasksOf(wave))
        {
            text.Append("- **").Append(task.Id).Append("**: ").Append(task.Title).Append('\n');
            if (TaskEvidence.Latest(layout.SessionFolder(wave, task.Id)) is not { } evidence)
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
                text.Append("  - check `").Append(check.Command).Append("`: exit ").Append(check.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none").Append('\n');
            }

            text.Append("  - commit ").Append(evidence.ResultCommit).Append(", agent ").Append(evidence.Agent).Append('\n');
            var attempts = TaskEvidence.All(layout.SessionFolder(wave, task.Id));
            for (var n = 1; n < attempts.Count; n++)
            {
                text.Append("  - earlier attempt ").Append(n).Append(": ").Append(TaskEvidence.Describe(attempts[n - 1])).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Asks first when the effect says so; else squash-merges at the head the last approval was given on.</summary>
    public async Task MergeAsync(MergePullRequest merge, WaveAtHand wave, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        if (merge.NeedsConfirmation)
        {
            var yes = confirm($"Merge PR #{merge.PrNumber} ({wave.WaveBranch}) into {merge.Target}?");
            await report(yes ? new MergeConfirmed(Now) : new MergeDeclined(Now)).ConfigureAwait(false);
            return;
        }

        var reviews = await forge.GetReviewsAsync(merge.PrNumber, cancellationToken).ConfigureAwait(false);
        var approved = reviews.LastOrDefault(r => r.Kind == ReviewKind.Approved)?.HeadSha ?? "";
        var tasks = string.Join("\n", spec.TasksOf(wave.Wave).Select(t => $"- {t.Id}: {t.Title}"));
        var message = $"{spec.Name}: wave {wave.Wave} of {wave.TotalWaves} (PR #{merge.PrNumber})\n\n{tasks}";
        var result = await forge.MergeAsync(merge.PrNumber, approved, message, cancellationToken).ConfigureAwait(false);
        checkpoint("forge-merged");
        SpecEvent outcome = result switch
        {
            ForgeMergeResult.Merged merged => new PullRequestMerged(Now),
            ForgeMergeResult.HeadMoved moved => new MergeFailed(Now, $"PR #{merge.PrNumber}: {wave.WaveBranch} is at {moved.Actual}, not at the approved {moved.Expected}"),
            ForgeMergeResult.Conflict conflict => new MergeFailed(Now, $"PR #{merge.PrNumber} conflicts with {merge.Target} in {string.Join(", ", conflict.Paths)}"),
            ForgeMergeResult.Refused refused => new MergeFailed(Now, refused.Reason),
            _ => throw new InvalidOperationException($"unexpected merge result {result}"),
        };
        if (outcome is PullRequestMerged)
        {
            log($"wave {wave.Wave}: PR #{merge.PrNumber} squash-merged into {merge.Target}");
        }

        await report(outcome).ConfigureAwait(false);
    }

    /// <summary>The wave's worktrees and task branches go, then the branches listed; never main, master or a checked-out branch.</summary>
    public async Task CleanupAsync(CleanupBranches cleanup, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var tasks = spec.TasksOf(cleanup.Wave);
        await repository.RemoveWorktreeAsync(layout.WaveWorktree(cleanup.Wave), cancellationToken).ConfigureAwait(false);
        checkpoint($"wave-worktree-removed:{cleanup.Wave}");
        foreach (var task in tasks)
        {
            await repository.RemoveWorktreeAsync(layout.TaskWorktree(cleanup.Wave, task.Id), cancellationToken).ConfigureAwait(false);
            checkpoint($"task-worktree-removed:{task.Id}");
        }

        foreach (var branch in tasks.Select(t => layout.TaskBranch(cleanup.Wave, t.Id)).Concat(cleanup.Branches))
        {
            try
            {
                await repository.DeleteBranchAsync(branch, cancellationToken).ConfigureAwait(false);
                checkpoint($"branch-deleted:{branch}");
                await forge.PublishAsync(branch, null, cancellationToken).ConfigureAwait(false);
            }
            catch (ProtectedBranchException e)
            {
                problems.Add(e.Message);
            }
        }

        await report(problems.Count == 0 ? new BranchCleaned(Now) : new BranchCleanupFailed(Now, string.Join("; ", problems))).ConfigureAwait(false);
    }
}
