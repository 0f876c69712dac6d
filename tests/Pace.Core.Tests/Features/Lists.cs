using System.Text;
using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Core.Tests.Features;

/// <summary>Builds feature-list text for the tests and parses it the way the commands do.</summary>
internal static class Lists
{
    public const string Path = "/p/feature_list.json";

    public static FeatureListParseResult Parse(string text) => FeatureListParser.Parse(Path, Encoding.UTF8.GetBytes(text));

    public static FeatureListParseResult Parse(byte[] bytes) => FeatureListParser.Parse(Path, bytes);

    public static FeatureList Valid(string text)
    {
        var result = Parse(text);
        result.List.ShouldNotBeNull(string.Join("\n", result.Diagnostics));
        return result.List;
    }

    public static Diagnostic SingleError(string text)
    {
        var result = Parse(text);
        result.List.ShouldBeNull();
        var errors = result.Errors.ToList();
        errors.Count.ShouldBe(1, string.Join("\n", errors));
        errors[0].File.ShouldBe(Path);
        return errors[0];
    }

    /// <summary>One PACE feature as a JSON object on one line.</summary>
    public static string Feature(string id, string priority = "high", bool passes = false, string category = "core", string? description = null) =>
        $$"""{"id": "{{id}}", "category": "{{category}}", "description": "{{description ?? "Feature " + id}}", "priority": "{{priority}}", "steps": ["check {{id}}"], "passes": {{(passes ? "true" : "false")}}}""";

    /// <summary>A PACE list with each feature on its own line, indented by two spaces.</summary>
    public static string Pace(params string[] features) =>
        "{\n  \"features\": [\n    " + string.Join(",\n    ", features) + "\n  ],\n  \"metadata\": {\n    \"project_name\": \"demo\"\n  }\n}\n";

    /// <summary>(line, column) where a text first occurs, counting columns in characters (1-based).</summary>
    public static (int Line, int Column) Locate(string text, string needle, int occurrence = 1)
    {
        var at = -1;
        for (var i = 0; i < occurrence; i++)
        {
            at = text.IndexOf(needle, at + 1, StringComparison.Ordinal);
        }

        at.ShouldBeGreaterThanOrEqualTo(0, $"'{needle}' not in the text");
        var lineStart = text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
        if (at == 0)
        {
            lineStart = 0;
        }

        var line = text[..at].Count(c => c == '\n') + 1;
        return (line, text[lineStart..at].EnumerateRunes().Count() + 1);
    }

    public static void ShouldBeAt(this Diagnostic diagnostic, (int Line, int Column) place)
    {
        (diagnostic.Line, diagnostic.Column).ShouldBe(place, diagnostic.ToString());
    }
}
