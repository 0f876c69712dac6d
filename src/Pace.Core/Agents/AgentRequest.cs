namespace Pace.Core.Agents;

/// <summary>One agent session: where it works, what it is asked, and the limits Pace enforces.</summary>
public sealed record AgentRequest(string WorkingFolder, string Prompt, string TranscriptPath, AgentLimits Limits)
{
    /// <summary>Extra environment for the agent process; a null value removes a variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>The agent must change nothing (the evaluator): each CLI is started in its read-only mode where it has one.</summary>
    public bool ReadOnly { get; init; }
}

/// <summary>Time limit always; turn limit where the agent supports one; cost budget where it reports cost.</summary>
public sealed record AgentLimits(TimeSpan TimeLimit, int? MaxTurns = null, decimal? CostBudgetUsd = null);
