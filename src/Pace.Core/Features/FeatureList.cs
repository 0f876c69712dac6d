using Pace.Core.Diagnostics;

namespace Pace.Core.Features;

/// <summary>
/// A parsed feature list: the features, and the original bytes with the places Pace may edit, so
/// that a save changes only the values Pace owns and keeps everything else byte for byte.
/// </summary>
public sealed class FeatureList
{
    private Dictionary<string, Feature>? _byId;

    internal FeatureList(
        string path,
        FeatureListFormat format,
        IReadOnlyList<Feature> features,
        string? projectName,
        IReadOnlyList<Diagnostic> warnings,
        byte[] source,
        FeatureListLayout layout)
    {
        Path = path;
        Format = format;
        Features = features;
        ProjectName = projectName;
        Warnings = warnings;
        Source = source;
        Layout = layout;
        Progress = FeatureProgress.Of(features);
    }

    public string Path { get; }

    public FeatureListFormat Format { get; }

    public IReadOnlyList<Feature> Features { get; }

    public string? ProjectName { get; }

    public IReadOnlyList<Diagnostic> Warnings { get; }

    public FeatureProgress Progress { get; }

    internal byte[] Source { get; }

    internal FeatureListLayout Layout { get; }

    /// <summary>The next feature to work on: the first failing one in priority order, position breaking ties.</summary>
    public Feature? Next => Failing.FirstOrDefault();

    /// <summary>The failing features in the order they will be taken.</summary>
    public IEnumerable<Feature> Failing => Features.Where(f => !f.Passes).OrderBy(f => f.Rank);

    public Feature? Find(string id)
    {
        _byId ??= Features.ToDictionary(f => f.Id.Value, StringComparer.Ordinal);
        return _byId.GetValueOrDefault(id);
    }
}
