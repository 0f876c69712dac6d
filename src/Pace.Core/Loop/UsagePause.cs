using Pace.Core.Agents;

namespace Pace.Core.Loop;

/// <summary>A run waiting for an agent's usage window to reopen; saved, so a restarted Pace waits only the rest.</summary>
public sealed record PauseState(DateTimeOffset Since, DateTimeOffset Until, string Agent, string Reason);

/// <summary>How long to wait out a usage limit (pace.json usageLimits).</summary>
public sealed record UsagePausePolicy
{
    public static readonly UsagePausePolicy Default = new();

    /// <summary>The total time a run may spend paused before it stops (exit 75).</summary>
    public TimeSpan MaxPause { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Added after a known reset time, so that several Paces on one account do not start at the same second.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait when the agent gave no reset time; doubled on each pause in a row.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>The pause rules: pure, the clock's reading passed in.</summary>
public static class UsagePause
{
    /// <summary>
    /// The reset time plus jitter; without one, the delay the API asked for, else a capped exponential
    /// backoff. The jitter is derived from the session number: deterministic, yet different per session.
    /// </summary>
    public static DateTimeOffset Until(UsageLimit limit, DateTimeOffset now, int pausesInARow, UsagePausePolicy policy, int session)
    {
        var jitter = TimeSpan.FromTicks(policy.Jitter.Ticks / 100 * ((session * 37) % 100));
        if (limit.ResetsAt is { } reset && reset > now)
        {
            return reset + jitter;
        }

        if (limit.RetryAfter is { } after && after > TimeSpan.Zero)
        {
            return now + after + jitter;
        }

        var factor = Math.Pow(2, Math.Min(pausesInARow, 30));
        var backoff = TimeSpan.FromTicks((long)Math.Min(policy.Backoff.Ticks * factor, policy.MaxBackoff.Ticks));
        return now + backoff + jitter;
    }

    /// <summary>Whether waiting this pause out would take the run past its total pause limit.</summary>
    public static bool ExceedsLimit(RunState state, PauseState pause, UsagePausePolicy policy) =>
        state.PausedTotal + (pause.Until - pause.Since) > policy.MaxPause;
}
