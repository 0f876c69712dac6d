namespace Pace.Cli.Tests;

internal static class SampleLists
{
    public const string FileName = "feature_list.json";

    public static string Feature(string id, string priority = "high", bool passes = false, string category = "core") =>
        $$"""{"id": "{{id}}", "category": "{{category}}", "description": "Feature {{id}}", "priority": "{{priority}}", "steps": ["check {{id}}", "then more"], "passes": {{(passes ? "true" : "false")}}, "owner": "x"}""";

    /// <summary>A PACE list with a feature a line; the metadata counts say nothing passes, stale as users leave them.</summary>
    public static string Pace(params string[] features) =>
        "{\n  \"features\": [\n    " + string.Join(",\n    ", features) + "\n  ],\n  \"metadata\": {\n    \"project_name\": \"demo\",\n    \"total_features\": "
        + features.Length + ",\n    \"passing\": 0,\n    \"failing\": " + features.Length + "\n  }\n}\n";

    /// <summary>Four features: two failing of priority critical and low, one passing high, one failing medium.</summary>
    public static string Standard() => Pace(
        Feature("LOW-1", "low"),
        Feature("CRIT-1", "critical", category: "auth"),
        Feature("HIGH-1", "high", passes: true),
        Feature("MED-1", "medium"));

    public static string AllPassing() => Pace(Feature("A-1", passes: true), Feature("A-2", "low", passes: true));

    public static string PlainArray() =>
        "[\n  {\"category\": \"c\", \"description\": \"first\", \"steps\": [\"s\"], \"passes\": true},\n  {\"category\": \"c\", \"description\": \"second\", \"steps\": [\"s\"], \"passes\": false}\n]\n";
}
