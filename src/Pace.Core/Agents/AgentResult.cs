namespace Pace.Core.Agents;

/// <summary>How a session ended, from Pace's side.</summary>
public enum AgentExit
{
    /// <summary>The agent process ended by itself.</summary>
    Exited,

    /// <summary>Killed at the session's time limit.</summary>
    TimedOut,

    /// <summary>Stopped at the turn limit (by the agent itself or by Pace).</summary>
    TurnLimit,

    /// <summary>Killed because the reported cost passed the session's budget.</summary>
    BudgetExceeded,

    /// <summary>Killed because Pace was interrupted.</summary>
    Cancelled,

    /// <summary>The agent could not be started.</summary>
    StartFailed,
}

public sealed record AgentUsage(long InputTokens, long OutputTokens, long CacheReadTokens = 0, long CacheWriteTokens = 0)
{
    public static readonly AgentUsage None = new(0, 0);
}

/// <summary>
/// What the agent did and said. <see cref="ClaimsSuccess"/> is only the agent's word: Pace's own
/// verification decides whether the session passed.
/// </summary>
public sealed record AgentResult(
    AgentExit Exit,
    int? ExitCode,
    bool ClaimsSuccess,
    string? SessionId,
    string? FinalMessage,
    AgentUsage Usage,
    decimal? CostUsd,
    int? Turns,
    IReadOnlyList<string> PermissionDenials,
    IReadOnlyList<string> Errors,
    TimeSpan Duration,
    string TranscriptPath)
{
    /// <summary>Output lines that were not understood (not JSON, unknown event types); counted, never fatal.</summary>
    public int UnparsedLines { get; init; }

    /// <summary>The session ended on a usage limit that will lift (a usage window, 429, 529): the run pauses instead of counting a failure.</summary>
    public UsageLimit? Limit { get; init; }

    /// <summary>The agent said a usage window is close (Claude Code's allowed_warning); recorded, not acted on.</summary>
    public UsageLimit? LimitWarning { get; init; }
}
