using System.Text.Json;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Config;

/// <summary>
/// Where each value of a JSON document starts, by path (<c>pace.checks[0].run</c>), so that a
/// problem found after parsing can still be reported with its line and column.
/// </summary>
internal sealed class JsonPositions
{
    private readonly Dictionary<string, int> _offsets = new(StringComparer.Ordinal);
    private readonly byte[] _utf8;

    private JsonPositions(byte[] utf8) => _utf8 = utf8;

    public static JsonPositions Of(byte[] utf8, JsonReaderOptions options)
    {
        var positions = new JsonPositions(utf8);
        var reader = new Utf8JsonReader(utf8, options);
        var path = new List<string>();
        var index = new Stack<int>();
        string? pendingName = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingName = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    index.Pop();
                    if (path.Count > 0)
                    {
                        path.RemoveAt(path.Count - 1);
                    }

                    continue;
            }

            var segment = pendingName ?? (index.Count > 0 && index.Peek() >= 0 ? $"[{NextIndex(index)}]" : null);
            pendingName = null;
            var full = segment is null ? "" : Join(path, segment);
            positions._offsets[full] = (int)reader.TokenStartIndex;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                if (segment is not null)
                {
                    path.Add(segment);
                }

                index.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
            }
        }

        return positions;
    }

    public TextPosition? Find(string path) =>
        _offsets.TryGetValue(path, out var offset) ? TextPosition.FromByteOffset(_utf8, offset) : null;

    private static int NextIndex(Stack<int> index)
    {
        var i = index.Pop();
        index.Push(i + 1);
        return i;
    }

    private static string Join(List<string> path, string segment)
    {
        var prefix = string.Concat(path.Select((p, i) => i == 0 || p.StartsWith('[') ? p : "." + p));
        return prefix.Length == 0 ? segment : segment.StartsWith('[') ? prefix + segment : prefix + "." + segment;
    }
}
