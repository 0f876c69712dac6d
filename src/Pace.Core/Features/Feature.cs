namespace Pace.Core.Features;

/// <summary>
/// One entry of a feature list. <see cref="Priority"/> is null in the plain-array format, where
/// position is priority.
/// </summary>
public sealed record Feature(
    FeatureId Id,
    int Index,
    string Category,
    string Description,
    Priority? Priority,
    IReadOnlyList<string> Steps,
    bool Passes)
{
    /// <summary>Sort key of the selection order: priority rank first, then position.</summary>
    internal long Rank => ((long)(int)(Priority ?? Features.Priority.Critical) << 32) | (uint)Index;
}
