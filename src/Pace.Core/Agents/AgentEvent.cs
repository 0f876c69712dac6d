namespace Pace.Core.Agents;

/// <summary>A normalised event from an agent's stream, whichever CLI produced it.</summary>
public abstract record AgentEvent;

public sealed record AgentSessionStarted(string? SessionId, string? Model) : AgentEvent;

public sealed record AgentTextEmitted(string Text) : AgentEvent;

/// <summary>The agent called a tool; <paramref name="Summary"/> is a short, printable description (a path, a command).</summary>
public sealed record AgentToolUsed(string Tool, string Summary) : AgentEvent;

public sealed record AgentToolFinished(string? Tool, bool IsError, string? Summary) : AgentEvent;

/// <summary>Usage and cost so far in the session (cumulative, not a delta).</summary>
public sealed record AgentUsageReported(AgentUsage Usage, decimal? CostUsd, int? Turns) : AgentEvent;

public sealed record AgentPermissionDenied(string Tool, string Detail) : AgentEvent;

public sealed record AgentApiRetried(int Attempt, int? HttpStatus) : AgentEvent;

public sealed record AgentErrorReported(string Message) : AgentEvent;

/// <summary>The agent's own final word: its claim of success or failure and its last message.</summary>
public sealed record AgentFinished(bool ClaimsSuccess, string? Message) : AgentEvent;
