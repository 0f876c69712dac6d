using System.Text;
using System.Text.Json;

namespace Pace.Core.Features;

public sealed partial class FeatureListParser
{
    /// <summary>
    /// Reads a depends_on array: the place of each id it lists, added to the list of them (checked
    /// against the features once the file is read whole); returns where they start and how many.
    /// </summary>
    private (int Start, int Count) ReadDependsOn(ref Utf8JsonReader reader, int index, (int At, int Length, string? Escaped) idPlace)
    {
        var ids = _dependsOnIds;
        var start = ids.Count;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && IsUnicode(ref reader))
            {
                ids.Add(new IdPlace(Start(ref reader), reader.ValueIsEscaped ? -1 : reader.ValueSpan.Length, reader.ValueIsEscaped ? Text(ref reader) : null));
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                var id = IdText(idPlace);
                Error(Start(ref reader), $"{Where(index, id)}: an id in \"depends_on\" {NotUnicode}", id, "depends_on");
            }
            else
            {
                var id = IdText(idPlace);
                Error(Start(ref reader), $"{Where(index, id)}: \"depends_on\" must hold only feature ids (strings); found {Describe(reader.TokenType)}", id, "depends_on");
                reader.Skip();
            }
        }

        return (start, ids.Count - start);
    }

    /// <summary>
    /// Every dependency names a feature of the list, none its own, and they form no cycle
    /// (<see cref="DependencyRule"/>, the plan linter's rule). Runs only when every feature is
    /// valid, so entry numbers are the features' indexes.
    /// </summary>
    private void CheckDependencies()
    {
        var all = _dependsOnIds.ToArray();
        var listed = new ArraySegment<IdPlace>[_entries.Count];
        foreach (var (entry, start, count) in _dependsOn)
        {
            listed[entry] = new ArraySegment<IdPlace>(all, start, count);
        }

        Func<int, IdPlace> idPlace = EntryIdPlace;
        var edges = DependencyRule.Check<IdPlace>(
            _entries.Count,
            i => listed[i].Array is null ? [] : listed[i],
            dep => Resolve(dep, idPlace),
            (i, dep) => Error(dep.At, $"{Where(i, IdOf(i))} depends on unknown feature \"{IdText((dep.At, dep.Length, dep.Escaped))}\"", IdOf(i), "depends_on"),
            (i, dep) => Error(dep.At, $"{Where(i, IdOf(i))} depends on itself", IdOf(i), "depends_on"),
            cycle =>
            {
                var names = string.Join(" -> ", cycle.Append(cycle[0]).Select(IdOf));
                var at = _format == FeatureListFormat.PlainArray ? _entries[cycle[0]].ObjectStart : _entries[cycle[0]].IdAt;
                Error(at, $"dependency cycle: {names} (each feature depends on the next)", IdOf(cycle[0]), "depends_on");
            });
        var dependencies = new Dictionary<int, int[]>();
        foreach (var (entry, _, _) in _dependsOn)
        {
            if (edges[entry].Length > 0)
            {
                dependencies[entry] = edges[entry];
            }
        }

        _dependencies = dependencies;
    }

    /// <summary>The entry an id names, or -1: in a PACE list through the table of ids, in a plain array by its position (F001, ...).</summary>
    private int Resolve(IdPlace dep, Func<int, IdPlace> idPlace)
    {
        if (_format == FeatureListFormat.PlainArray)
        {
            var text = IdText((dep.At, dep.Length, dep.Escaped))!;
            return text.Length > 1 && text[0] == 'F' && int.TryParse(text.AsSpan(1), System.Globalization.NumberStyles.None, null, out var number)
                && number >= 1 && number <= _entries.Count && FeatureId.FromPosition(number - 1).Value == text
                ? number - 1
                : -1;
        }

        var bytes = dep.Length >= 0 ? _source.Span.Slice(dep.At + 1, dep.Length) : Encoding.UTF8.GetBytes(dep.Escaped!);
        return DuplicateIds.IndexOf(_source.Span, _idTable!, idPlace, bytes);
    }

    private string IdOf(int entry) => _format == FeatureListFormat.PlainArray
        ? FeatureId.FromPosition(entry).Value
        : IdText((_entries[entry].IdAt, _entries[entry].IdLength, _entries[entry].IdLength < 0 ? _escapedIds[entry] : null))!;
}
