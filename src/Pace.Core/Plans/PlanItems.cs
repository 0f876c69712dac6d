using Pace.Core.Specs.Internal;

namespace Pace.Core.Plans;

/// <summary>
/// Reads the items of a plan from its JSON tree, the same way for every format: the fields the
/// linter checks, read from the raw JSON (so that fields the parsers do not model yet, such as
/// <c>verify</c>, are seen too).
/// </summary>
internal static class PlanItems
{
    // agent-os's own orchestration steps: Pace does them itself (docs/specs.md), they are not work.
    private static readonly string[] Infrastructure = ["git-operation", "verification", "pr-review", "e2e-testing"];

    /// <summary>The array holding the items, or null when the root has none (the parser reports that).</summary>
    public static JArray? ItemArray(JNode root, PlanFormat format) => (format, root) switch
    {
        (PlanFormat.FeatureList, JArray plain) => plain,
        (PlanFormat.FeatureList, JObject obj) => obj["features"] as JArray,
        (_, JObject obj) => obj["tasks"] as JArray,
        _ => null,
    };

    public static List<PlanItem> Read(JNode root, PlanFormat format)
    {
        var items = new List<PlanItem>();
        if (ItemArray(root, format) is not { } array)
        {
            return items;
        }

        var arrayName = format == PlanFormat.FeatureList ? "features" : "tasks";
        var subtasksOf = format == PlanFormat.AgentOs ? SubtaskCounts(array) : [];
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is not JObject entry)
            {
                continue;
            }

            var idNode = entry["id"];
            var id = idNode is JString s ? s.Value : null;
            // The plain array has no ids: position is identity (F001, F002, ...).
            if (id is null && format == PlanFormat.FeatureList && root is JArray)
            {
                id = $"F{i + 1:000}";
            }

            var where = id is null ? $"{arrayName}[{i}]" : $"{arrayName}[{i}] (\"{id}\")";
            var item = new PlanItem(i, where, id, entry) { IdNode = idNode, DependsOn = Strings(entry["depends_on"]), Verify = Strings(entry["verify"]) };
            items.Add(format switch
            {
                PlanFormat.FeatureList => item with
                {
                    Description = (entry["description"] as JString)?.Value,
                    DescriptionNode = entry["description"],
                    Steps = (entry["steps"] as JArray)?.Items.Count(n => n is JString { Value: var v } && v.Trim().Length > 0) ?? 0,
                },
                PlanFormat.Spec => item with
                {
                    Description = (entry["title"] as JString)?.Value,
                    DescriptionNode = entry["title"],
                    Steps = entry["prompt"] is JString { Value: var p } && p.Trim().Length > 0 ? 1 : 0,
                    StepsField = "prompt",
                    Verify = [.. Strings(entry["checks"]), .. item.Verify],
                },
                _ => item with
                {
                    Description = (entry["description"] as JString)?.Value,
                    DescriptionNode = entry["description"],
                    Steps = (entry["subtasks"] as JArray)?.Items.Count ?? subtasksOf.GetValueOrDefault(id ?? "") ,
                    StepsField = "subtasks",
                    IsWork = !IsSubtask(entry) && !(entry["task_type"] is JString { Value: var t } && Infrastructure.Contains(t)),
                },
            });
        }

        return items;
    }

    /// <summary>A string or an array of strings, each with its place.</summary>
    public static List<(string, JNode)> Strings(JNode? node) => node switch
    {
        JString s => [(s.Value, s)],
        JArray a => [.. a.Items.OfType<JString>().Select(s => (s.Value, (JNode)s))],
        _ => [],
    };

    private static bool IsSubtask(JObject entry) =>
        entry["type"] is JString { Value: "subtask" } || entry["parent"] is JString;

    /// <summary>Subtasks written as entries of their own, counted by the parent they name.</summary>
    private static Dictionary<string, int> SubtaskCounts(JArray array)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in array.Items.OfType<JObject>())
        {
            if (entry["parent"] is JString { Value: var parent })
            {
                counts[parent] = counts.GetValueOrDefault(parent) + 1;
            }
        }

        return counts;
    }
}
