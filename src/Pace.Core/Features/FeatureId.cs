namespace Pace.Core.Features;

public readonly record struct FeatureId(string Value)
{
    /// <summary>The id given to the entry at a position of a plain-array list: F001, F002, ... F1000.</summary>
    public static FeatureId FromPosition(int index) => new($"F{index + 1:D3}");

    public override string ToString() => Value;
}
