using Pace.Adapters.Git;
using Pace.Adapters.Integration;
using Pace.Core.Ports;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// Performs a spec run's effects: each goes to the piece that does it (the scheduler and its task
/// runner, the task merges, the wave's pull request, its review, the fixes for a review), with the
/// few values of the state that piece reads (<see cref="TasksAtHand"/>, <see cref="WaveAtHand"/>). Each
/// effect finds what an earlier, interrupted attempt already did (a branch, a verified commit with
/// its trailer, a pull request, a posted review, a squash) and does only what is missing.
/// </summary>
public sealed class WaveEffects : ISpecEffects, IAsyncDisposable
{
    private readonly SpecScheduler _scheduler;
    private readonly TaskMerges _merges;
    private readonly WavePullRequests _pullRequests;
    private readonly WaveReviews _reviews;
    private readonly ReviewFixes _fixes;
    private readonly WaveStart _start;
    private readonly SpecSession _session;
    private readonly SpecUsageWaits _waits;

    public WaveEffects(WaveContext context)
    {
        _session = new SpecSession(context.Sessions);
        _waits = new SpecUsageWaits(context);
        _start = new WaveStart(context);
        _merges = new TaskMerges(context, _session, _start);
        _scheduler = new SpecScheduler(context, _start, new SpecTaskRunner(context, _session, _waits), _merges, _waits);
        _pullRequests = new WavePullRequests(
            context.Forge, context.Repository, context.Spec, context.Layout, context.Clock,
            question => context.Yes || context.Confirm(question) == true, context.Checkpoint, context.Log);
        _reviews = new WaveReviews(
            context.Forge, context.Repository, context.Reviewer, context.ForgeReviewsAllowlisted, context.Spec, context.Layout,
            context.Config.SessionLimits, context.Clock, context.GitEnvironment, WorktreeAsync, context.Checkpoint, context.Log);
        _fixes = new ReviewFixes(
            context.Forge, context.Repository, context.Spec, context.Layout, context.Config.Checks, context.Clock,
            context.GitEnvironment, WorktreeAsync, RunFixSessionAsync, context.Log);

        async Task<string> WorktreeAsync(string path, string branch, CancellationToken cancellationToken)
        {
            // The wave's worktree is also its merge queue's (TaskMerges).
            await MergeQueue.OpenWorktreeAsync(context.Repository, new GitCliWorkspace(path, context.GitEnvironment), branch, cancellationToken).ConfigureAwait(false);
            return path;
        }
    }

    /// <summary>
    /// Stops the early tasks still running and waits for them (and their last look for work) first:
    /// they use the semaphores and token disposed here. A run that ended normally drained them already.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await DrainAsync(cancel: true).ConfigureAwait(false);
        _scheduler.Dispose();
        _merges.Dispose();
    }

    /// <summary>Waits for the early tasks still running and starts no more; with <paramref name="cancel"/> they stop instead.</summary>
    public Task DrainAsync(bool cancel = false) => _scheduler.DrainAsync(cancel);

    public async Task PerformAsync(SpecEffect effect, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        // Once the wave's tasks are merged (the pull request's effects come next), later waves' tasks may start from them.
        if (effect is OpenPullRequest or RequestReview or PollReview or AddressReview)
        {
            await _scheduler.ViewAfterMergeAsync(TasksAtHand.Of(state), report, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // From the merge of the wave's pull request on, no task starts early until the next wave is set up.
            await _scheduler.NoEarlyStartsAsync().ConfigureAwait(false);
        }

        await (effect switch
        {
            RunWaveTasks run => _scheduler.RunWaveAsync(run, TasksAtHand.Of(state), report, cancellationToken),
            MergeTaskBranches merge => _merges.MergeAllAsync(merge, report, cancellationToken),
            OpenPullRequest open => _pullRequests.OpenAsync(open, WaveAtHand.Of(state), report, cancellationToken),
            RequestReview request => _reviews.RequestAsync(request, WaveAtHand.Of(state), cancellationToken),
            PollReview poll => _reviews.PollAsync(poll, WaveAtHand.Of(state), report, cancellationToken),
            AddressReview address => _fixes.AddressAsync(address, WaveAtHand.Of(state), report, cancellationToken),
            MergePullRequest merge => _pullRequests.MergeAsync(merge, WaveAtHand.Of(state), report, cancellationToken),
            CleanupBranches cleanup => _pullRequests.CleanupAsync(cleanup, report, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "not an effect the executor performs"),
        }).ConfigureAwait(false);
    }

    /// <summary>A review fix's session: judged against the wave's baseline, run again after each usage window it meets.</summary>
    private async Task<ReviewFixes.Outcome> RunFixSessionAsync(ReviewFixes.Session fix, CancellationToken cancellationToken)
    {
        var baseline = await _start.BaselineAsync(fix.Wave, fix.Tree, cancellationToken).ConfigureAwait(false);
        var request = new SpecSessionRequest(fix.Tree, fix.Reviewed, fix.Prompt, fix.Checks, fix.Folder, fix.Item, baseline, fix.Message, fix.AttemptPrefix)
        {
            InterruptedPrefix = fix.InterruptedPrefix,
        };
        var outcome = await _waits.WaitingOutLimitsAsync(fix.What, () => _session.RunAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new ReviewFixes.Outcome(outcome.Passed, outcome.Reasons, outcome.AttemptRef);
    }
}
