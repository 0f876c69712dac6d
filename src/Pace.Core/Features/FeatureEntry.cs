namespace Pace.Core.Features;

/// <summary>
/// What the parser keeps of one valid feature: where its object, id, category and passes value
/// sit in the file, its priority and status. Strings stay as bytes until a command reads them
/// (docs/performance.md). <see cref="IdLength"/> or <see cref="CategoryLength"/> is -1 when the
/// value holds escapes; its decoded text is then in the list's table of escaped texts.
/// </summary>
internal readonly record struct FeatureEntry(
    int ObjectStart,
    int IdAt,
    int IdLength,
    int CategoryAt,
    int CategoryLength,
    int PassesAt,
    Priority? Priority,
    bool Passes)
{
    /// <summary>Sort key of the selection order: priority rank first, then position.</summary>
    public static long Rank(Priority? priority, int index) => ((long)(int)(priority ?? Features.Priority.Critical) << 32) | (uint)index;
}
