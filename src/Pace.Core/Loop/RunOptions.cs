namespace Pace.Core.Loop;

/// <summary>What one `pace run` was asked to do. MaxSessions null means until every feature passes.</summary>
public sealed record RunOptions(string Agent, int? MaxSessions, int MaxFailures, decimal? BudgetUsd)
{
    public TimeSpan SessionDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The agents that take the sessions, in order, while <see cref="Agent"/> is paused by a usage window (pace.json `agent` as a list).</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    /// <summary>Failed sessions after which a feature is stuck and set aside (pace.orchestrator.maxAttemptsPerFeature).</summary>
    public int MaxAttemptsPerFeature { get; init; } = StuckRules.DefaultMaxAttempts;

    /// <summary>Set when the run works in a worktree of its own (`--worktree`); saved, so a resumed run goes on there.</summary>
    public RunWorktree? Worktree { get; init; }

    /// <summary>Agent slots (`--parallel`, pace.orchestrator.parallel): above 1, features run at once, each in a lane of its own (docs/feature-loop.md).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>`--fleet`: the sessions go to a fleet's workers (docs/fleet.md); saved, so that a resumed run does not run here what workers may be running.</summary>
    public bool Fleet { get; init; }

    /// <summary>`--retry-stuck`: this start clears the stuck marks. Not saved: a resumed run does not clear them again.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool RetryStuck { get; init; }
}
