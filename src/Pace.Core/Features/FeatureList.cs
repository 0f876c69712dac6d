using System.Text;
using Pace.Core.Diagnostics;

namespace Pace.Core.Features;

/// <summary>
/// A parsed feature list: the features, and the original bytes with the places Pace may edit, so
/// that a save changes only the values Pace owns and keeps everything else byte for byte.
/// </summary>
public sealed class FeatureList
{
    private readonly FeatureEntry[] _entries;
    private readonly IReadOnlyDictionary<int, string> _escapedIds;
    private readonly IReadOnlyDictionary<int, string> _escapedCategories;
    private Feature?[]? _features;

    internal FeatureList(
        string path,
        FeatureListFormat format,
        FeatureEntry[] entries,
        IReadOnlyDictionary<int, string> escapedIds,
        IReadOnlyDictionary<int, string> escapedCategories,
        string? projectName,
        IReadOnlyList<Diagnostic> warnings,
        ReadOnlyMemory<byte> source,
        FeatureListLayout layout)
    {
        Path = path;
        Format = format;
        _entries = entries;
        _escapedIds = escapedIds;
        _escapedCategories = escapedCategories;
        ProjectName = projectName;
        Warnings = warnings;
        Source = source;
        Layout = layout;
        var passing = 0;
        foreach (var entry in entries)
        {
            passing += entry.Passes ? 1 : 0;
        }

        Progress = new FeatureProgress(passing, entries.Length - passing, entries.Length);
    }

    public string Path { get; }

    public FeatureListFormat Format { get; }

    /// <summary>The features in file order; each is made when first asked for.</summary>
    public IReadOnlyList<Feature> Features => new FeatureView(this);

    public string? ProjectName { get; }

    public IReadOnlyList<Diagnostic> Warnings { get; }

    public FeatureProgress Progress { get; }

    internal ReadOnlyMemory<byte> Source { get; }

    internal FeatureListLayout Layout { get; }

    internal ReadOnlySpan<FeatureEntry> Entries => _entries;

    /// <summary>Each feature's dependencies (<c>depends_on</c>, resolved), by index; only features that have some; null when none has.</summary>
    internal IReadOnlyDictionary<int, int[]>? Dependencies { get; init; }

    /// <summary>
    /// The next feature to work on: the first failing one in priority order, position breaking ties,
    /// whose dependencies all pass.
    /// </summary>
    public Feature? Next
    {
        get
        {
            var best = -1;
            var bestRank = long.MaxValue;
            for (var i = 0; i < _entries.Length; i++)
            {
                var rank = FeatureEntry.Rank(_entries[i].Priority, i);
                if (!_entries[i].Passes && rank < bestRank && IsReady(i))
                {
                    (best, bestRank) = (i, rank);
                }
            }

            return best < 0 ? null : FeatureAt(best);
        }
    }

    /// <summary>The failing features in priority order (position breaking ties), whether or not they wait on a dependency.</summary>
    public IEnumerable<Feature> Failing => Enumerable.Range(0, _entries.Length)
        .Where(i => !_entries[i].Passes)
        .OrderBy(i => FeatureEntry.Rank(_entries[i].Priority, i))
        .Select(FeatureAt);

    public Feature? Find(string id)
    {
        if (Format == FeatureListFormat.PlainArray)
        {
            // F001, F002, ...: the number names the position.
            return id.Length > 1 && id[0] == 'F' && int.TryParse(id.AsSpan(1), System.Globalization.NumberStyles.None, null, out var number)
                && number >= 1 && number <= _entries.Length && FeatureId.FromPosition(number - 1).Value == id
                ? FeatureAt(number - 1)
                : null;
        }

        var wanted = Encoding.UTF8.GetBytes(id);
        for (var i = 0; i < _entries.Length; i++)
        {
            if (IdEquals(i, id, wanted))
            {
                return FeatureAt(i);
            }
        }

        return null;
    }

    /// <summary>The name an empty category is counted under, as the seed's helpers count it.</summary>
    public const string Uncategorized = "uncategorized";

    /// <summary>How many features each category holds, in the order the categories first appear (an empty one as <see cref="Uncategorized"/>).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> CountByCategory()
    {
        // Categories repeat: each is looked up as characters decoded into one buffer, and made a string once.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var order = new List<string>();
        var buffer = new char[64];
        for (var i = 0; i < _entries.Length; i++)
        {
            ReadOnlySpan<char> name;
            if (_escapedCategories.TryGetValue(i, out var escaped))
            {
                name = escaped;
            }
            else
            {
                var bytes = Source.Span.Slice(_entries[i].CategoryAt + 1, _entries[i].CategoryLength);
                if (buffer.Length < bytes.Length)
                {
                    buffer = new char[bytes.Length];
                }

                name = buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, buffer));
            }

            if (name.IsEmpty)
            {
                name = Uncategorized;
            }

            if (lookup.TryGetValue(name, out var count))
            {
                lookup[name] = count + 1;
            }
            else
            {
                var text = name.ToString();
                counts[text] = 1;
                order.Add(text);
            }
        }

        return [.. order.Select(category => KeyValuePair.Create(category, counts[category]))];
    }

    /// <summary>How many features have the priority (none in the plain-array format).</summary>
    public int CountWith(Priority priority)
    {
        var count = 0;
        foreach (var entry in _entries)
        {
            count += entry.Priority == priority ? 1 : 0;
        }

        return count;
    }

    internal ref readonly FeatureEntry Entry(int index) => ref _entries[index];

    /// <summary>Whether every dependency of the feature at an index passes (true without any).</summary>
    internal bool IsReady(int index)
    {
        if (Dependencies is null || !Dependencies.TryGetValue(index, out var deps))
        {
            return true;
        }

        foreach (var dep in deps)
        {
            if (!_entries[dep].Passes)
            {
                return false;
            }
        }

        return true;
    }

    internal IReadOnlyList<Feature> DependenciesOf(int index) =>
        Dependencies is not null && Dependencies.TryGetValue(index, out var deps) ? [.. deps.Select(FeatureAt)] : [];

    internal FeatureId IdAt(int index) => Format == FeatureListFormat.PlainArray
        ? FeatureId.FromPosition(index)
        : new FeatureId(_escapedIds.TryGetValue(index, out var id) ? id : Encoding.UTF8.GetString(Source.Span.Slice(_entries[index].IdAt + 1, _entries[index].IdLength)));

    internal string CategoryAt(int index) => _escapedCategories.TryGetValue(index, out var category)
        ? category
        : Encoding.UTF8.GetString(Source.Span.Slice(_entries[index].CategoryAt + 1, _entries[index].CategoryLength));

    private bool IdEquals(int index, string id, byte[] utf8)
    {
        var entry = _entries[index];
        return entry.IdLength >= 0
            ? Source.Span.Slice(entry.IdAt + 1, entry.IdLength).SequenceEqual(utf8)
            : _escapedIds[index] == id;
    }

    internal Feature FeatureAt(int index)
    {
        _features ??= new Feature?[_entries.Length];
        return _features[index] ??= new Feature(this, index);
    }

    private sealed class FeatureView(FeatureList list) : IReadOnlyList<Feature>
    {
        public Feature this[int index] => (uint)index < (uint)list._entries.Length
            ? list.FeatureAt(index)
            : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => list._entries.Length;

        public IEnumerator<Feature> GetEnumerator()
        {
            for (var i = 0; i < list._entries.Length; i++)
            {
                yield return list.FeatureAt(i);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
