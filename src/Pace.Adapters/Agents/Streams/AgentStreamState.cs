using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// What a stream parser has learned so far about one session. Bounded: errors and denials are
/// capped and texts are cut, so a session that talks for hours keeps a small state.
/// </summary>
internal sealed class AgentStreamState
{
    private const int MaxEntries = 50;
    private const int MaxEntryLength = 2_000;
    private readonly List<string> _errors = [];
    private readonly List<string> _denials = [];

    public string? SessionId { get; set; }

    public string? Model { get; set; }

    /// <summary>The agent's last message (its result text where the CLI gives one).</summary>
    public string? FinalMessage { get; set; }

    public AgentUsage Usage { get; set; } = AgentUsage.None;

    /// <summary>Cost as reported by the CLI; only Claude Code reports one, and only in its result event.</summary>
    public decimal? CostUsd { get; set; }

    /// <summary>Model turns as the CLI counts them, or as the parser estimates them.</summary>
    public int? Turns { get; set; }

    /// <summary>Tool calls started so far; the turn limit of CLIs without a turn flag is enforced on it.</summary>
    public int ToolCalls { get; set; }

    /// <summary>The stream's final event (result, turn.completed, turn.failed) arrived.</summary>
    public bool Finished { get; set; }

    /// <summary>The agent's own claim in its final event; false until that event says otherwise.</summary>
    public bool ClaimsSuccess { get; set; }

    /// <summary>The agent stopped itself at its turn limit (Claude Code's error_max_turns).</summary>
    public bool StoppedAtTurnLimit { get; set; }

    /// <summary>Lines that were not JSON objects with a type, or whose type is unknown.</summary>
    public int UnparsedLines { get; set; }

    /// <summary>A usage limit the agent hit (the last one reported wins: it carries the reset time when there is one).</summary>
    public UsageLimit? Limit { get; set; }

    public UsageLimit? LimitWarning { get; set; }

    public IReadOnlyList<string> Errors => _errors;

    public IReadOnlyList<string> PermissionDenials => _denials;

    public string AddError(string message) => Add(_errors, message);

    public string AddDenial(string denial) => Add(_denials, denial);

    private static string Add(List<string> list, string text)
    {
        var cut = Text.Cut(text, MaxEntryLength);
        if (list.Count < MaxEntries)
        {
            list.Add(cut);
        }

        return cut;
    }
}
