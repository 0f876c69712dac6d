using System.Globalization;
using System.Text.RegularExpressions;
using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// The error texts by which the agent CLIs say that a usage window, a rate limit or an overload
/// stopped them (measured against the real CLIs, docs/agents.md): a limit that lifts by itself,
/// so the run pauses rather than fail the session.
/// </summary>
internal static partial class UsageLimits
{
    /// <summary>The limit named by an error text, or null when the text is about something else.</summary>
    public static UsageLimit? FromText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (UsageWindow().IsMatch(text))
        {
            return new UsageLimit("usage limit reached", null);
        }

        if (Exhausted().IsMatch(text))
        {
            return new UsageLimit("quota exhausted (429)", null);
        }

        if (Overloaded().IsMatch(text))
        {
            return new UsageLimit("overloaded (529)", null);
        }

        return TooManyRequests().IsMatch(text) ? new UsageLimit("rate limited (429)", null) : null;
    }

    /// <summary>Gemini's RetryInfo ("retryDelay": "12s") or "Please retry in 12.5s": the delay the API asks for.</summary>
    public static TimeSpan? RetryDelay(string text) =>
        RetryIn().Match(text) is { Success: true } m && double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    // Claude Code "You've hit your session limit · resets 12:04pm", Codex "You’ve hit your usage limit. ... try again at 12:04 PM."
    [GeneratedRegex(@"(?i)hit your (?:\w+ )?(?:usage |session |weekly |opus )?limit|usage limit (?:has been )?reached|usage_limit_reached")]
    private static partial Regex UsageWindow();

    // Gemini CLI 0.61: "You exceeded your current quota, ..." (per minute), "You have exhausted your daily quota on this model." (per day).
    [GeneratedRegex(@"RESOURCE_EXHAUSTED|(?i)resource has been exhausted|exceeded your current quota|exhausted your (?:\w+ )?quota")]
    private static partial Regex Exhausted();

    [GeneratedRegex(@"(?i)\b529\b|overloaded_error|\boverloaded\b")]
    private static partial Regex Overloaded();

    [GeneratedRegex(@"(?i)\b429\b|too many requests|rate[ _]limit")]
    private static partial Regex TooManyRequests();

    [GeneratedRegex(@"(?i)(?:retryDelay\\?""?\s*:\s*\\?""|retry in |retry after )([0-9]+(?:\.[0-9]+)?)\s*s")]
    private static partial Regex RetryIn();
}
