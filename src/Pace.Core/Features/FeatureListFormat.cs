namespace Pace.Core.Features;

public enum FeatureListFormat
{
    /// <summary><c>{ "features": [...], "metadata": {...} }</c> with ids and priorities.</summary>
    PaceObject,

    /// <summary>A top-level array without ids or priorities; position is identity and priority.</summary>
    PlainArray,
}

public static class FeatureListFormats
{
    public static string Name(this FeatureListFormat format) =>
        format == FeatureListFormat.PaceObject ? "pace" : "plain-array";
}
