using System.Text;
using System.Text.RegularExpressions;

namespace Pace.Cli.Tests.Properties;

/// <summary>Ways to break a feature list, each named so that a failure says what was done.</summary>
internal static partial class Mutations
{
    private static readonly string[] Values = ["\"x\"", "0", "-1.5", "null", "true", "false", "[]", "{}", "[\"s\"]", "\"\"", "\" \"", "\"\\uD800\"", "\"HIGH\"", "1e999"];
    private static readonly byte[] Interesting = "{}[],:\"\\ \n\rtfn0-e.u"u8.ToArray();

    public static (byte[] Bytes, string What) Apply(Random random, RandomList list)
    {
        var text = list.Text;
        var what = new List<string>();
        var kind = random.Next(10);
        if (kind < 1)
        {
            return (list.Bytes(), "none");
        }

        if (kind < 5)
        {
            for (var n = random.Next(1, 3); n > 0; n--)
            {
                text = MutateText(random, text, list.Ids, what);
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        bytes = list.Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
        if (kind >= 4)
        {
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                bytes = MutateBytes(random, bytes, what);
            }
        }

        return (bytes, string.Join("; ", what));
    }

    private static string MutateText(Random random, string text, IReadOnlyList<string> ids, List<string> what)
    {
        switch (random.Next(3))
        {
            case 0:
                // Swap a value's type: any value after a key.
                var values = ValueAfterKey().Matches(text);
                if (values.Count == 0) break;
                var value = values[random.Next(values.Count)].Groups["value"];
                var replacement = Values[random.Next(Values.Length)];
                what.Add($"value at {value.Index} '{value.Value}' -> '{replacement}'");
                return text.Remove(value.Index, value.Length).Insert(value.Index, replacement);
            case 1:
                if (ids.Count < 2) break;
                var (from, to) = (ids[random.Next(ids.Count)], ids[random.Next(ids.Count)]);
                what.Add($"id {from} -> {to}");
                var at = text.IndexOf($"\"{from}\"", StringComparison.Ordinal);
                return at < 0 ? text : text.Remove(at, from.Length + 2).Insert(at, $"\"{to}\"");
            default:
                var members = SimpleMember().Matches(text);
                if (members.Count == 0) break;
                var member = members[random.Next(members.Count)];
                what.Add($"removed '{member.Value.Trim()}'");
                return text.Remove(member.Index, member.Length);
        }

        return text;
    }

    private static byte[] MutateBytes(Random random, byte[] bytes, List<string> what)
    {
        if (bytes.Length == 0) return bytes;
        var at = random.Next(bytes.Length);
        switch (random.Next(4))
        {
            case 0:
                what.Add($"truncated at {at}");
                return bytes[..at];
            case 1:
                var b = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
                what.Add($"byte {at} 0x{bytes[at]:X2} -> 0x{b:X2}");
                var copy = (byte[])bytes.Clone();
                copy[at] = b;
                return copy;
            case 2:
                var inserted = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
                what.Add($"inserted 0x{inserted:X2} at {at}");
                return [.. bytes[..at], inserted, .. bytes[at..]];
            default:
                var length = Math.Min(random.Next(1, 9), bytes.Length - at);
                what.Add($"deleted {length} at {at}");
                return [.. bytes[..at], .. bytes[(at + length)..]];
        }
    }

    [GeneratedRegex("\"[a-z_]+\": (?<value>\"[^\"\\\\]*\"|true|false|null|-?[0-9.e-]+|\\[\\])")]
    private static partial Regex ValueAfterKey();

    [GeneratedRegex("\"[a-z_]+\": (\"[^\"\\\\]*\"|true|false|null|-?[0-9.e-]+), ?")]
    private static partial Regex SimpleMember();
}
