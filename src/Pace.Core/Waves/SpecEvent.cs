namespace Pace.Core.Waves;

// The events of a spec run, in one file because each is one line and they read best together.
// Every event carries the time it happened: Decide has no clock. Events that belong to one wave
// carry its number, and Decide ignores them when they arrive for another wave (a late report
// from before a --retry, for instance).

/// <summary>Something that happened, fed to <see cref="SpecMachine.Decide"/>.</summary>
public abstract record SpecEvent(DateTimeOffset At);

/// <summary>The user ran <c>pace spec run</c>: start, or resume whatever the phase needs.</summary>
public sealed record RunRequested(DateTimeOffset At) : SpecEvent(At);

/// <summary>The user ran <c>pace spec retry</c>: start the current wave again from its base.</summary>
public sealed record RetryRequested(DateTimeOffset At) : SpecEvent(At);

/// <summary>
/// The user ran <c>pace spec recover</c>: forget the run (history too) and go back to INIT, the flags
/// kept. <paramref name="TotalWaves"/>: the waves the spec plans now (it may have changed since the
/// run started, which is why one recovers); null: as many as before.
/// </summary>
public sealed record RecoverRequested(DateTimeOffset At, int? TotalWaves = null) : SpecEvent(At);

/// <summary>
/// A command starts on the run: its settings as pace.json and the command line give them now
/// (polling, review cycles, early start, manual mode) replace the saved ones, in any phase.
/// </summary>
public sealed record SettingsApplied(DateTimeOffset At, SpecFlags Flags) : SpecEvent(At);

/// <summary>The executor knows the wave's tasks (all of them, those already done included) and is running them.</summary>
public sealed record WaveStarted(DateTimeOffset At, int Wave, IReadOnlyList<string> TaskIds) : SpecEvent(At), IWaveEvent;

/// <summary>A task's session ended and Pace's own verification passed (or the task was already done).</summary>
public sealed record TaskPassed(DateTimeOffset At, int Wave, string TaskId) : SpecEvent(At), IWaveEvent;

/// <param name="ClaimedSuccess">The agent said it succeeded: the failure message says so, as the feature loop's does.</param>
public sealed record TaskFailed(DateTimeOffset At, int Wave, string TaskId, string Reason, bool ClaimedSuccess = false) : SpecEvent(At), IWaveEvent;

/// <summary>
/// A task of wave <see cref="Wave"/> (a later one) is about to start early from <see cref="BaseCommit"/>,
/// its dependencies' results. Not an <see cref="IWaveEvent"/>: it belongs to a later wave.
/// </summary>
public sealed record EarlyTaskStarted(DateTimeOffset At, int Wave, string TaskId, string BaseCommit) : SpecEvent(At);

/// <summary>An early task's session passed Pace's verification on its early base; <see cref="Commit"/> holds the work.</summary>
public sealed record EarlyTaskPassed(DateTimeOffset At, int Wave, string TaskId, string Commit) : SpecEvent(At);

public sealed record EarlyTaskFailed(DateTimeOffset At, int Wave, string TaskId, string Reason) : SpecEvent(At);

/// <summary>A task's agent hit a usage window: its partial work is set aside and its slot waits for the reset; the wave's other tasks go on.</summary>
public sealed record TaskPaused(DateTimeOffset At, int Wave, TaskPause Pause) : SpecEvent(At), IWaveEvent;

/// <summary>A paused task's usage window reset: the task runs again.</summary>
public sealed record TaskResumed(DateTimeOffset At, int Wave, string TaskId) : SpecEvent(At), IWaveEvent;

/// <summary>Every task branch of the wave is merged into the wave branch.</summary>
public sealed record TaskBranchesMerged(DateTimeOffset At, int Wave) : SpecEvent(At), IWaveEvent;

/// <summary>
/// A passed task's result could not join the wave branch, which took the wave's other tasks meanwhile:
/// it conflicts, or the project's checks fail on the merged tree. The branch is as it was and the result
/// is kept on <see cref="KeptRef"/>. The first time the task runs again once on the wave branch as it
/// is; refused again (only a wave branch moved from outside Pace meanwhile can do that: the second
/// run's result holds the branch), it counts as failed with <see cref="Reason"/>.
/// </summary>
public sealed record TaskMergeRefused(DateTimeOffset At, int Wave, string TaskId, string Reason, string KeptRef) : SpecEvent(At), IWaveEvent;

public sealed record PullRequestOpened(DateTimeOffset At, int Wave, int Number, string Url) : SpecEvent(At), IWaveEvent;

public sealed record PullRequestFailed(DateTimeOffset At, int Wave, string Reason) : SpecEvent(At), IWaveEvent;

/// <summary>
/// A check of the pull request found no review verdict. Comments, from bots or anyone, are not a
/// verdict: only a review that approves or requests changes ends the wait.
/// </summary>
public sealed record ReviewPending(DateTimeOffset At) : SpecEvent(At);

/// <summary>An allowed reviewer gave a verdict; the blocking comments are what must be addressed.</summary>
public sealed record ReviewReceived(DateTimeOffset At, ReviewVerdict Verdict, IReadOnlyList<string> BlockingComments) : SpecEvent(At);

/// <summary>The reviewer agent was asked twice about the same commit and neither answer could be read as a verdict.</summary>
public sealed record ReviewUnreadable(DateTimeOffset At, string Reason) : SpecEvent(At);

public enum ReviewVerdict
{
    Approved,
    ChangesRequested,
}

/// <summary>An agent addressed the review and Pace's verification passed on the pushed fixes.</summary>
public sealed record ReviewFixesVerified(DateTimeOffset At) : SpecEvent(At);

public sealed record ReviewFixesFailed(DateTimeOffset At, string Reason) : SpecEvent(At);

/// <summary>The user said yes (or ran with <c>--yes</c>) to merging the final pull request.</summary>
public sealed record MergeConfirmed(DateTimeOffset At) : SpecEvent(At);

public sealed record MergeDeclined(DateTimeOffset At) : SpecEvent(At);

public sealed record PullRequestMerged(DateTimeOffset At) : SpecEvent(At);

public sealed record MergeFailed(DateTimeOffset At, string Reason) : SpecEvent(At);

public sealed record BranchCleaned(DateTimeOffset At) : SpecEvent(At);

/// <summary>The wave branch could not be deleted; the run goes on and history says branch_cleaned false.</summary>
public sealed record BranchCleanupFailed(DateTimeOffset At, string Reason) : SpecEvent(At);
