using System.Text.Json;

namespace Pace.Core.Specs.Internal;

/// <summary>
/// A JSON value with its place in the source bytes (offsets count from the start of the file,
/// byte order mark included), so that readers can name a line and column for every problem and
/// an editor can replace one value without touching the rest.
/// </summary>
internal abstract record JNode(int Start, int End)
{
    public int Length => End - Start;
}

internal sealed record JMember(string Name, int NameStart, JNode Value);

internal sealed record JObject(int Start, int End, IReadOnlyList<JMember> Members) : JNode(Start, End)
{
    /// <summary>The value of the last member with this name (what JSON readers see), or null.</summary>
    public JNode? this[string name] => Members.LastOrDefault(m => m.Name == name)?.Value;
}

internal sealed record JArray(int Start, int End, IReadOnlyList<JNode> Items) : JNode(Start, End);

internal sealed record JString(int Start, int End, string Value) : JNode(Start, End);

internal sealed record JNumber(int Start, int End, string Raw) : JNode(Start, End);

internal sealed record JBool(int Start, int End, bool Value) : JNode(Start, End);

internal sealed record JNull(int Start, int End) : JNode(Start, End);

internal static class JsonTree
{
    /// <summary>Builds the tree; throws <see cref="JsonException"/> on a syntax error, as the reader reports it.</summary>
    public static JNode Build(byte[] source, int offset)
    {
        var reader = new Utf8JsonReader(source.AsSpan(offset), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            throw new JsonException("the file holds no JSON value", null, 0, 0);
        }

        var root = Read(ref reader, offset);
        // Reading past the root makes the reader reject anything after it.
        while (reader.Read())
        {
        }

        return root;
    }

    private static JNode Read(ref Utf8JsonReader reader, int offset)
    {
        var start = offset + (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<JMember>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nameStart = offset + (int)reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    reader.Read();
                    members.Add(new JMember(name, nameStart, Read(ref reader, offset)));
                }

                return new JObject(start, offset + (int)reader.BytesConsumed, members);
            case JsonTokenType.StartArray:
                var items = new List<JNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(Read(ref reader, offset));
                }

                return new JArray(start, offset + (int)reader.BytesConsumed, items);
            case JsonTokenType.String:
                return new JString(start, offset + (int)reader.BytesConsumed, reader.GetString()!);
            case JsonTokenType.Number:
                return new JNumber(start, offset + (int)reader.BytesConsumed, System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True or JsonTokenType.False:
                return new JBool(start, offset + (int)reader.BytesConsumed, reader.TokenType == JsonTokenType.True);
            default:
                return new JNull(start, offset + (int)reader.BytesConsumed);
        }
    }

    public static string Describe(JNode node) => node switch
    {
        JString => "a string",
        JNumber => "a number",
        JBool => "a boolean",
        JNull => "null",
        JObject => "an object",
        _ => "an array",
    };
}
