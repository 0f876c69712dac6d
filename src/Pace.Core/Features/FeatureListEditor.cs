using System.Globalization;
using System.Text;
using Pace.Core.Text;

namespace Pace.Core.Features;

/// <summary>
/// Produces the new bytes of a feature list after some features change status. Only the
/// <c>passes</c> values and the metadata Pace owns (total_features, passing, failing,
/// last_updated) change; every other byte, key and key order stays as it was.
/// </summary>
public static class FeatureListEditor
{
    public static byte[] SetPasses(FeatureList list, IReadOnlyDictionary<FeatureId, bool> changes, DateTimeOffset now) =>
        Utf8Splice.Apply(list.Source, Edits(list, changes, now));

    /// <summary>The same new content as <see cref="SetPasses"/>, as pieces to write one after another (see <see cref="Utf8Splice.Pieces"/>).</summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> SetPassesPieces(FeatureList list, IReadOnlyDictionary<FeatureId, bool> changes, DateTimeOffset now) =>
        Utf8Splice.Pieces(list.Source, Edits(list, changes, now));

    private static List<(int Start, int Length, string Text)> Edits(FeatureList list, IReadOnlyDictionary<FeatureId, bool> changes, DateTimeOffset now)
    {
        var layout = list.Layout;
        var edits = new List<(int Start, int Length, string Text)>();
        var passing = list.Progress.Passing;
        foreach (var (id, passes) in changes)
        {
            if (list.Find(id.Value) is { } feature && feature.Passes != passes)
            {
                passing += passes ? 1 : -1;
                var at = list.Entry(feature.Index).PassesAt;
                edits.Add((at, feature.Passes ? 4 : 5, passes ? "true" : "false"));
            }
        }

        if (list.Format == FeatureListFormat.PaceObject)
        {
            var total = list.Progress.Total;
            var values = new (string Key, string Json)[]
            {
                ("total_features", total.ToString(CultureInfo.InvariantCulture)),
                ("passing", passing.ToString(CultureInfo.InvariantCulture)),
                ("failing", (total - passing).ToString(CultureInfo.InvariantCulture)),
                ("last_updated", "\"" + now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\""),
            };
            AddMetadataEdits(layout, values, edits);
        }

        return edits;
    }

    private static void AddMetadataEdits(FeatureListLayout layout, (string Key, string Json)[] values, List<(int, int, string)> edits)
    {
        var nl = layout.NewLine;
        if (layout.Metadata is { } metadata)
        {
            var missing = new List<(string Key, string Json)>();
            foreach (var (key, json) in values)
            {
                if (layout.MetadataValues.TryGetValue(key, out var span))
                {
                    edits.Add((span.Start, span.Length, json));
                }
                else
                {
                    missing.Add((key, json));
                }
            }

            if (missing.Count > 0)
            {
                // An empty object spread over lines has no member to copy the indentation from:
                // one level deeper than its closing brace, a level being what the root uses.
                var memberIndent = metadata.MemberIndent
                    ?? (metadata.CloseIndent is { } close ? close + Level(layout.Root?.MemberIndent, close) : "  ");
                edits.Add(Insert(metadata, missing, nl, memberIndent));
            }

            return;
        }

        // No metadata object yet: add one as the last member of the root object.
        var root = layout.Root ?? throw new InvalidOperationException("a PACE-format list has a root object");
        var indent = root.MemberIndent;
        var inner = indent is null ? null : indent + Level(indent, indent);
        var body = new StringBuilder("{");
        for (var i = 0; i < values.Length; i++)
        {
            body.Append(i == 0 ? "" : ",");
            body.Append(inner is null ? " " : nl + inner);
            body.Append('"').Append(values[i].Key).Append("\": ").Append(values[i].Json);
        }

        body.Append(inner is null ? " }" : nl + indent + "}");
        edits.Add(Insert(root, [("metadata", body.ToString())], nl, indent ?? "  "));
    }

    private static (int, int, string) Insert(ObjectLayout target, List<(string Key, string Json)> members, string nl, string indent)
    {
        var multiline = target.MemberIndent is not null || (target.IsEmpty && target.CloseIndent is not null);
        var text = new StringBuilder();
        for (var i = 0; i < members.Count; i++)
        {
            if (!target.IsEmpty || i > 0)
            {
                text.Append(',');
            }

            text.Append(multiline ? nl + indent : " ");
            text.Append('"').Append(members[i].Key).Append("\": ").Append(members[i].Json);
        }

        if (target.IsEmpty && multiline)
        {
            // The new members go right after the brace; the closing brace keeps its own line.
            return (target.Open + 1, 0, text.ToString());
        }

        if (target.IsEmpty)
        {
            // On one line the space between the braces (if any) is replaced, so "{ }" does not become "{ ... ␣␣}".
            return (target.Open + 1, target.Close - target.Open - 1, text.Append(' ').ToString());
        }

        return (target.LastValueEnd, 0, text.ToString());
    }

    /// <summary>One indentation level: the given indent of a top-level member, else a tab or two spaces after <paramref name="like"/>.</summary>
    private static string Level(string? topLevelIndent, string like) =>
        topLevelIndent is { Length: > 0 } level ? level : like.StartsWith('\t') ? "\t" : "  ";
}
