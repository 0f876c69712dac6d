namespace Pace.Core.Specs;

/// <summary>A set of tasks that run in parallel; wave N+1 starts when wave N is merged.</summary>
/// <param name="Number">1-based.</param>
/// <param name="TaskIds">Unit ids in file order (v4 and native) or in the order the wave lists them (v3).</param>
public sealed record SpecWave(int Number, IReadOnlyList<string> TaskIds, string? Rationale);
