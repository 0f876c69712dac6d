namespace Pace.Core.Loop;

/// <summary>What one `pace run` was asked to do. MaxSessions null means until every feature passes.</summary>
public sealed record RunOptions(string Agent, int? MaxSessions, int MaxFailures, decimal? BudgetUsd)
{
    public TimeSpan SessionDelay { get; init; } = TimeSpan.Zero;
}
