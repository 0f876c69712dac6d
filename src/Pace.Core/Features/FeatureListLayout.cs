namespace Pace.Core.Features;

/// <summary>A value's place in the source bytes.</summary>
internal readonly record struct ValueSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Where an object starts and ends, where its last value ends, and how its members are indented
/// (null when the object sits on one line), so that a property can be added in the file's own style.
/// </summary>
internal sealed record ObjectLayout(int Open, int Close, int LastValueEnd, string? MemberIndent, string? CloseIndent)
{
    public bool IsEmpty => LastValueEnd < 0;
}

internal sealed record FeatureListLayout(
    ObjectLayout? Root,
    ObjectLayout? Metadata,
    IReadOnlyDictionary<string, ValueSpan> MetadataValues,
    string NewLine);
