using Pace.Core.Agents;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>
/// The loop's persisted state (.pace/run/state.json). It is saved before every side effect, so a
/// resumed run knows exactly which step of which session to finish.
/// </summary>
public sealed record RunState
{
    public int Version { get; init; } = 1;

    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required RunOptions Options { get; init; }

    /// <summary>The number of the latest session ever started in this repository (sessions are numbered across runs).</summary>
    public int LastSession { get; init; }

    public int SessionsRun { get; init; }

    public int FeaturesCompleted { get; init; }

    public int ConsecutiveFailures { get; init; }

    /// <summary>The features whose sessions failed in the current run of failures in a row, in order.</summary>
    public IReadOnlyList<string> FailureStreak { get; init; } = [];

    /// <summary>Failed sessions per feature (kept across runs until the feature passes); stuck ones are set aside.</summary>
    public IReadOnlyList<FeatureAttempts> Attempts { get; init; } = [];

    public decimal CostUsd { get; init; }

    public bool BaselineTaken { get; init; }

    /// <summary>Test totals a session must not fall below: measured before the first session, raised by each passing one.</summary>
    public TestTotals? Baseline { get; init; }

    public SessionState? Current { get; init; }

    /// <summary>
    /// A parallel run's features whose last result the run's branch could not take (a conflict, or red
    /// with the others' work): not counted as a failure; the next session runs alone (<see cref="Scheduling.LaneStarts"/>).
    /// </summary>
    public IReadOnlyList<string> RunAlone { get; init; } = [];

    /// <summary>A parallel run's sessions, one per lane (its own worktree and branch); <see cref="Current"/> stays null then.</summary>
    public IReadOnlyList<SessionState> Lanes { get; init; } = [];

    /// <summary>Set while the run waits for an agent's usage window; a restarted run waits only the rest.</summary>
    public PauseState? Pause { get; init; }

    /// <summary>Each agent's own usage-window pause (with fallback agents, the run goes on with the next one); kept across runs until it ends.</summary>
    public IReadOnlyList<PauseState> AgentPauses { get; init; } = [];

    /// <summary>The time this run spent paused so far (bounded by usageLimits.maxPauseHours).</summary>
    public TimeSpan PausedTotal { get; init; }

    /// <summary>Usage-limit pauses since the last session that ended normally (the backoff doubles with each).</summary>
    public int PausesInARow { get; init; }

    /// <summary>
    /// The run's name in the fleet's database and on its remote (its id and a random part: runs of
    /// other repositories that start in the same second share a fleet); set when it first publishes.
    /// </summary>
    public string? FleetRun { get; init; }

    public bool Finished { get; init; }

    public StopReason? StopReason { get; init; }
}

public enum SessionPhase
{
    /// <summary>Recorded before the agent starts; a resume saves any partial work and starts the session again.</summary>
    Started,

    /// <summary>The agent ended; its result is stored. A resume verifies the tree as it is.</summary>
    AgentFinished,

    /// <summary>The verdict is stored; a resume records the outcome (commit or attempt ref) idempotently.</summary>
    Verified,
}

public sealed record SessionState(int Number, string FeatureId, string BaseCommit, DateTimeOffset StartedAt, SessionPhase Phase)
{
    /// <summary>The branch HEAD was on when the session started (null: detached); the session ends on it whatever the agent checked out.</summary>
    public string? Branch { get; init; }

    /// <summary>The fallback agent that does this session's work; null: the run's first agent.</summary>
    public string? AgentName { get; init; }

    public AgentResult? Agent { get; init; }

    /// <summary>The feature's <c>verify</c> checks as they ran on the base before the agent (empty: it has none).</summary>
    public IReadOnlyList<CheckResult> AcceptanceOnBase { get; init; } = [];

    /// <summary>Pace's own files under .pace/ the agent changed (restored at once; they fail the session).</summary>
    public IReadOnlyList<string> PaceFilesTouched { get; init; } = [];

    /// <summary>
    /// Set when a signal stopped the verification: the agent's work waits on this ref and the tree is
    /// back at the base, as after any interruption. A resume brings the work back and verifies again.
    /// </summary>
    public string? SetAsideRef { get; init; }

    public bool? Passed { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>When Pace decided; the bookkeeping (feature list, progress.txt) is stamped with it, so a redo writes the same bytes.</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    public TestTotals? Totals { get; init; }

    /// <summary>A lane's session only: the test totals it must not fall below (the run's baseline when it started; others' later work is not in its tree).</summary>
    public TestTotals? Baseline { get; init; }

    /// <summary>A lane's session only: the commit of its verified work on its lane branch, which the merge queue integrates.</summary>
    public string? LaneCommit { get; init; }
}

public enum StopReason
{
    AllPassing,
    MaxSessions,
    ConsecutiveFailures,
    Budget,

    /// <summary>Every feature still failing is stuck (set aside after its failed sessions), or waits on a stuck one (depends_on).</summary>
    Stuck,

    /// <summary>Waiting for a usage window would pass the run's total pause limit (usageLimits.maxPauseHours).</summary>
    PauseLimit,
}
