using System.Text;

namespace Pace.Cli.Tests.Properties;

/// <summary>A valid feature list made from a seed, in either format and in many layouts.</summary>
internal sealed record RandomList(string Text, bool Bom, IReadOnlyList<string> Ids)
{
    private static readonly string[] Categories = ["core", "auth", "ui", "ünï"];
    private static readonly string[] Priorities = ["critical", "high", "medium", "low"];
    private static readonly string[] Descriptions =
    [
        "Count the words", "Zählen ✓ der Wörter 🚀", "Say \\\"hi\\\" \\u00e9\\n", "日本語のテキスト", "Tabs\\tand slashes \\/ \\\\",
    ];

    public byte[] Bytes()
    {
        var text = Encoding.UTF8.GetBytes(Text);
        return Bom ? [0xEF, 0xBB, 0xBF, .. text] : text;
    }

    public static RandomList Create(Random random)
    {
        var plain = random.Next(5) == 0;
        var count = random.Next(1, 9);
        var ids = new List<string>();
        var features = new List<Json>();
        for (var i = 0; i < count; i++)
        {
            var id = plain ? $"F{i + 1:D3}" : $"{Pick(random, Categories).ToUpperInvariant()}-{i + 1:D3}";
            ids.Add(id);
            features.Add(Feature(random, id, plain));
        }

        var array = new Json.Array(features);
        Json root = plain ? array : new Json.Object([.. Unknown(random, "before"), ("features", array), .. Metadata(random, count), .. Unknown(random, "after")]);
        var layout = new Layout(
            random.Next(4) switch { 0 => null, 1 => "  ", 2 => "    ", _ => "\t" },
            random.Next(4) == 0 ? "\r\n" : "\n");
        var text = new StringBuilder();
        root.Write(text, layout, 0);
        if (random.Next(3) > 0)
        {
            text.Append(layout.NewLine);
        }

        return new RandomList(text.ToString(), random.Next(6) == 0, ids);
    }

    private static Json.Object Feature(Random random, string id, bool plain)
    {
        var steps = Enumerable.Range(0, random.Next(4)).Select(s => (Json)new Json.Raw($"\"step {s} of {id}\"")).ToList();
        var members = new List<(string, Json)>
        {
            ("category", Quote(Pick(random, Categories))),
            ("description", Quote(Pick(random, Descriptions))),
            ("passes", new Json.Raw(random.Next(2) == 0 ? "true" : "false")),
        };
        if (!plain)
        {
            members.Add(("id", Quote(id)));
            members.Add(("priority", Quote(Pick(random, Priorities))));
        }

        if (random.Next(5) > 0)
        {
            members.Add(("steps", new Json.Array(steps)));
        }

        members.AddRange(Unknown(random, "x"));
        // Key order is the user's: shuffle it sometimes.
        if (random.Next(3) == 0)
        {
            members = [.. members.OrderBy(_ => random.Next())];
        }

        return new Json.Object(members);
    }

    private static IEnumerable<(string, Json)> Metadata(Random random, int count)
    {
        var all = new List<(string, Json)>
        {
            ("project_name", Quote("démo")),
            ("total_features", new Json.Raw(count.ToString())),
            ("passing", new Json.Raw(random.Next(count + 1).ToString())),
            ("failing", new Json.Raw("0")),
            ("last_updated", random.Next(2) == 0 ? Quote("2020-01-01T00:00:00Z") : new Json.Raw("null")),
            ("custom", new Json.Object([("passing", new Json.Raw("1.5e2"))])),
        };
        switch (random.Next(4))
        {
            case 0:
                yield break;
            case 1:
                yield return ("metadata", new Json.Object([]));
                break;
            default:
                yield return ("metadata", new Json.Object([.. all.Where(_ => random.Next(3) > 0)]));
                break;
        }
    }

    private static IEnumerable<(string, Json)> Unknown(Random random, string name)
    {
        if (random.Next(3) == 0)
        {
            yield return ($"{name}_note", new Json.Raw(random.Next(3) switch { 0 => "[1, -0.5e-3, null]", 1 => "{\"passes\": false}", _ => "\"\\u00fc\"" }));
        }
    }

    private static Json.Raw Quote(string text) => new($"\"{text}\"");

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}

internal sealed record Layout(string? Unit, string NewLine);

/// <summary>Just enough JSON to write a list in a chosen layout; leaves are written as given.</summary>
internal abstract record Json
{
    public abstract void Write(StringBuilder text, Layout layout, int depth);

    public sealed record Raw(string Text) : Json
    {
        public override void Write(StringBuilder text, Layout layout, int depth) => text.Append(Text);
    }

    public sealed record Array(IReadOnlyList<Json> Items) : Json
    {
        public override void Write(StringBuilder text, Layout layout, int depth) =>
            Container(text, layout, depth, '[', ']', Items.Count, (i, d) => Items[i].Write(text, layout, d));
    }

    public sealed record Object(IReadOnlyList<(string Key, Json Value)> Members) : Json
    {
        public override void Write(StringBuilder text, Layout layout, int depth) =>
            Container(text, layout, depth, '{', '}', Members.Count, (i, d) =>
            {
                text.Append('"').Append(Members[i].Key).Append("\": ");
                Members[i].Value.Write(text, layout, d);
            });
    }

    private static void Container(StringBuilder text, Layout layout, int depth, char open, char close, int count, Action<int, int> item)
    {
        text.Append(open);
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ",");
            text.Append(layout.Unit is null ? (i == 0 ? "" : " ") : layout.NewLine + Indent(layout, depth + 1));
            item(i, depth + 1);
        }

        if (count > 0 && layout.Unit is not null)
        {
            text.Append(layout.NewLine).Append(Indent(layout, depth));
        }

        text.Append(close);
    }

    private static string Indent(Layout layout, int depth) => string.Concat(Enumerable.Repeat(layout.Unit, depth));
}
