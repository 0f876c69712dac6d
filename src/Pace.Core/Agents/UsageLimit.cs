namespace Pace.Core.Agents;

/// <summary>
/// A limit that will lift by itself: a subscription's usage window, an API's 429 rate limit, a 529
/// overload. A session that hit one is neither a failure nor an attempt: the run pauses.
/// </summary>
/// <param name="Reason">What the agent said, in a few words ("five_hour limit", "HTTP 429").</param>
/// <param name="ResetsAt">When the agent says the limit lifts; null: unknown, the run backs off.</param>
public sealed record UsageLimit(string Reason, DateTimeOffset? ResetsAt)
{
    /// <summary>The delay the API asked for (Gemini's RetryInfo), when there is no reset time.</summary>
    public TimeSpan? RetryAfter { get; init; }
}

/// <summary>The agent reported a usage limit (<paramref name="Warning"/>: close to one, not yet hit; shown, not acted on).</summary>
public sealed record AgentUsageLimited(UsageLimit Limit, bool Warning) : AgentEvent;
