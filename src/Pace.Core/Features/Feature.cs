namespace Pace.Core.Features;

/// <summary>
/// One entry of a feature list. <see cref="Priority"/> is null in the plain-array format, where
/// position is priority. The texts are decoded from the file's bytes the first time they are
/// read: the hot commands check a whole list but print one feature of it (docs/performance.md).
/// </summary>
public sealed class Feature
{
    private readonly FeatureList _list;
    private FeatureId? _id;
    private string? _category;
    private FeatureTexts? _texts;

    internal Feature(FeatureList list, int index)
    {
        _list = list;
        Index = index;
    }

    public FeatureId Id => _id ??= _list.IdAt(Index);

    public int Index { get; }

    public Priority? Priority => _list.Entry(Index).Priority;

    public bool Passes => _list.Entry(Index).Passes;

    public string Category => _category ??= _list.CategoryAt(Index);

    public string Description => Texts.Description;

    public IReadOnlyList<string> Steps => Texts.Steps;

    /// <summary>The feature's own acceptance commands (<c>verify</c>: one command or a list); empty when it has none.</summary>
    public IReadOnlyList<string> Verify => Texts.Verify;

    /// <summary>The features this one depends on (<c>depends_on</c>), in the order listed; empty when none.</summary>
    public IReadOnlyList<Feature> DependsOn => _list.DependenciesOf(Index);

    /// <summary>Whether every feature it depends on passes: a failing feature is taken only then.</summary>
    public bool IsReady => _list.IsReady(Index);

    /// <summary>The features it depends on that do not pass yet.</summary>
    public IReadOnlyList<Feature> WaitsOn => [.. DependsOn.Where(d => !d.Passes)];

    private FeatureTexts Texts => _texts ??= FeatureListParser.ReadTexts(_list.Source, _list.Entry(Index).ObjectStart);

    public override string ToString() => $"{Id} - {Description}";
}

internal sealed record FeatureTexts(string Description, IReadOnlyList<string> Steps, IReadOnlyList<string> Verify);
