namespace Pace.Core.Loop;

/// <summary>The seed's end-of-run summary, and why the run stopped.</summary>
public sealed record RunSummary(
    string RunId,
    int SessionsRun,
    int FeaturesCompleted,
    int Passing,
    int Total,
    StopReason Reason,
    decimal CostUsd)
{
    /// <summary>The features set aside as stuck that still fail, with their failed sessions and last reasons.</summary>
    public IReadOnlyList<FeatureAttempts> Stuck { get; init; } = [];

    /// <summary>The failing features left that wait on a dependency that does not pass (at the end of a run: on a stuck one).</summary>
    public IReadOnlyList<FeatureWait> Waiting { get; init; } = [];

    public double Percentage => Total == 0 ? 0 : Math.Round(Passing * 1000.0 / Total, MidpointRounding.AwayFromZero) / 10;
}
