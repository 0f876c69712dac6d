using Pace.Adapters.Git;
using Pace.Core.Ports;
using Pace.Core.Scheduling;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// Performs a spec run's effects with git worktrees, the forge, agents and Pace's checks. Each
/// effect finds what an earlier, interrupted attempt already did (a branch, a verified commit with
/// its trailer, a pull request, a posted review, a squash) and does only what is missing.
/// </summary>
public sealed partial class WaveEffects : ISpecEffects, IAsyncDisposable
{
    private readonly WaveContext _context;
    private readonly SemaphoreSlim _git = new(1, 1);

    /// <summary>The parallel slots (maxParallel): the wave's tasks have first claim, later waves' early ones take spare slots.</summary>
    private readonly AgentSlots _slots;

    // The wave's pull request, its review and the fixes for a review: classes of their own, given only what they use.
    private readonly WavePullRequests _pullRequests;
    private readonly WaveReviews _reviews;
    private readonly ReviewFixes _fixes;

    public WaveEffects(WaveContext context)
    {
        _context = context;
        _slots = new AgentSlots(context.MaxParallel);
        _pullRequests = new WavePullRequests(
            context.Forge, context.Repository, context.Spec, context.Layout, context.Clock,
            question => context.Yes || context.Confirm(question) == true, context.Checkpoint, context.Log);
        _reviews = new WaveReviews(
            context.Forge, context.Repository, context.Reviewer, context.ForgeReviewsAllowlisted, context.Spec, context.Layout,
            context.Config.SessionLimits, context.Clock, context.GitEnvironment, WorktreeAsync, context.Checkpoint, context.Log);
        _fixes = new ReviewFixes(
            context.Forge, context.Repository, context.Spec, context.Layout, context.Config.Checks, context.Clock,
            context.GitEnvironment, WorktreeAsync, RunFixSessionAsync, context.Log);
    }

    private SpecLayout Layout => _context.Layout;

    /// <summary>
    /// Stops the early tasks still running and waits for them (and their last look for work) first:
    /// they use the semaphores and token disposed here. A run that ended normally drained them already.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await DrainAsync(cancel: true).ConfigureAwait(false);
        _git.Dispose();
        _slots.Dispose();
        _merge.Dispose();
        _scan.Dispose();
        _earlyStop.Dispose();
    }

    public async Task PerformAsync(SpecEffect effect, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        // Once the wave's tasks are merged (the pull request's effects come next), later waves' tasks may start from them.
        if (effect is OpenPullRequest or RequestReview or PollReview or AddressReview)
        {
            await ViewAfterMergeAsync(state, report, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // From the merge of the wave's pull request on, no task starts early until the next wave is set up.
            await SetViewAsync(null).ConfigureAwait(false);
        }

        await PerformOneAsync(effect, state, report, cancellationToken).ConfigureAwait(false);
    }

    private Task PerformOneAsync(SpecEffect effect, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken) => effect switch
    {
        RunWaveTasks run => RunWaveAsync(run, state, report, cancellationToken),
        MergeTaskBranches merge => MergeTasksAsync(merge, report, cancellationToken),
        OpenPullRequest open => _pullRequests.OpenAsync(open, WaveAtHand.Of(state), report, cancellationToken),
        RequestReview request => _reviews.RequestAsync(request, WaveAtHand.Of(state), cancellationToken),
        PollReview poll => _reviews.PollAsync(poll, WaveAtHand.Of(state), report, cancellationToken),
        AddressReview address => _fixes.AddressAsync(address, WaveAtHand.Of(state), report, cancellationToken),
        MergePullRequest merge => _pullRequests.MergeAsync(merge, WaveAtHand.Of(state), report, cancellationToken),
        CleanupBranches cleanup => _pullRequests.CleanupAsync(cleanup, report, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "not an effect the executor performs"),
    };

    private DateTimeOffset Now => _context.Clock.GetUtcNow();

    private GitCliWorkspace Workspace(string worktree) => new(worktree, _context.GitEnvironment);

    private GitCli Git(string folder) => new(folder, _context.GitEnvironment);

    /// <summary>The project's checks and then the task's own, all run in the project folder of the worktree.</summary>
    private List<CheckSpec> ChecksFor(IReadOnlyList<string> own) => SpecChecks.For(_context.Config.Checks, own);

    private async Task<List<CheckResult>> RunChecksAsync(IReadOnlyList<CheckSpec> checks, string worktree, string outputFolder, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            results.Add(await _context.Checks.RunAsync(check, Layout.ProjectIn(worktree), outputFolder, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>The worktree of a branch, made if missing; git's worktree bookkeeping is shared, so one at a time.</summary>
    private async Task<string> WorktreeAsync(string path, string branch, CancellationToken cancellationToken)
    {
        await _git.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _context.Repository.AddWorktreeAsync(path, branch, cancellationToken).ConfigureAwait(false);
            return path;
        }
        finally
        {
            _git.Release();
        }
    }
}
