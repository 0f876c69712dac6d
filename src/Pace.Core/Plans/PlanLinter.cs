using System.Text.Json;
using Pace.Core.Diagnostics;
using Pace.Core.Features;
using Pace.Core.Specs.Internal;

namespace Pace.Core.Plans;

/// <summary>
/// Checks a plan before anyone uses it (docs/plan.md). Deterministic and without IO: the format's
/// own parser first (valid JSON, required fields, unique ids, and for specs dependencies and
/// cycles), then what makes a plan workable: steps, a size bound, items that are work and not a
/// heading or a persona, dependencies of feature lists, ids free in the list merged into.
/// Running the <c>verify</c> commands is <see cref="PlanVerifyProbe"/>'s job.
/// </summary>
public static class PlanLinter
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The format a file is in, from its root: an array or <c>features</c>, <c>version</c> 4.x, or else a Pace spec.</summary>
    public static PlanFormat Detect(byte[] utf8)
    {
        try
        {
            return Detect(JsonTree.Build(utf8, Start(utf8)));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return PlanFormat.FeatureList;
        }
    }

    public static PlanLintResult Lint(string path, byte[] utf8, PlanFormat? format = null, PlanLintOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(utf8);
        options ??= new PlanLintOptions();
        var start = Start(utf8);
        JNode root;
        try
        {
            root = JsonTree.Build(utf8, start);
        }
        catch (JsonException e)
        {
            return new PlanLintResult(format, [JsonProblem.Error(path, utf8.AsSpan(start), e)], [], []) { Unreadable = true };
        }
        catch (InvalidOperationException)
        {
            // A string that is not UTF-8: the reader cannot decode it.
            return new PlanLintResult(format, [Diagnostic.Error(path, new TextPosition(1, 1), "the file is not valid UTF-8 text")], [], []) { Unreadable = true };
        }

        var chosen = format ?? Detect(root);
        var found = new Findings(path, utf8, start);
        if (!CheckShape(root, chosen, found))
        {
            return new PlanLintResult(chosen, found.Sorted(), [], []);
        }

        var items = PlanItems.Read(root, chosen);
        var existing = chosen == PlanFormat.FeatureList && options.Existing is { } into ? PlanItems.Read(JsonTree.Build(into, Start(into)), chosen) : [];
        found.AddParsed(chosen == PlanFormat.FeatureList
            ? WithoutOwnDependencies(FeatureListParser.Parse(path, utf8).Diagnostics, items, existing, path, utf8, start)
            : PlanSpecDependencies.Parse(path, utf8, root, chosen, options.Existing, found));
        var verify = new List<PlanVerifyCommand>();
        foreach (var item in items.Where(i => i.IsWork))
        {
            CheckItem(item, options, found);
            verify.AddRange(item.Verify.Select(v => new PlanVerifyCommand(item.Id ?? item.Where, v.Command, path, found.At(v.At.Start))));
        }

        if (chosen == PlanFormat.FeatureList)
        {
            PlanDependencies.Check(items, existing, found);
        }

        return new PlanLintResult(chosen, found.Sorted(), [.. items.Where(i => i.Id is not null).Select(i => i.Id!)], verify);
    }

    /// <summary>
    /// The parser sees the plan alone: merged into a list, a dependency on one of the list's
    /// features is no problem. Its dependency findings are the ones <see cref="PlanDependencies"/>
    /// makes of the plan alone (same rule, words and places); those give way to the check that
    /// knows the list.
    /// </summary>
    private static IEnumerable<Diagnostic> WithoutOwnDependencies(IReadOnlyList<Diagnostic> parsed, List<PlanItem> items, List<PlanItem> existing, string path, byte[] utf8, int start)
    {
        if (existing.Count == 0)
        {
            return parsed;
        }

        var alone = new Findings(path, utf8, start);
        PlanDependencies.Check(items, [], alone);
        return parsed.Except(alone.Sorted());
    }

    private static void CheckItem(PlanItem item, PlanLintOptions options, Findings found)
    {
        if (item.Description is { } description && description.Trim().Length > 0)
        {
            if (PlanWording.NotWork(description) is { } why)
            {
                found.Error(item.DescriptionNode!, $"{item.Where}: \"{Short(description)}\" {why}; describe a piece of work (\"Add ...\", \"User can ...\") or leave it out", item, "description");
            }

            if (description.Length > options.MaxDescriptionLength)
            {
                found.Error(item.DescriptionNode!, $"{item.Where}: the description is {description.Length} characters, more than {options.MaxDescriptionLength}: too large for one session; split it", item, "description");
            }
        }

        if (item.Steps == 0)
        {
            found.Error(item.Node, $"{item.Where} has no steps (\"{item.StepsField}\"): say how to build it and how to see that it works", item, item.StepsField);
        }
        else if (item.Steps > options.MaxSteps)
        {
            found.Error(item.Node, $"{item.Where} has {item.Steps} steps, more than {options.MaxSteps}: too large for one session; split it", item, item.StepsField);
        }

        if (item.Id is { } id && item.IdNode is { } idNode && options.ExistingIds.Contains(id))
        {
            found.Error(idNode, $"{item.Where}: id \"{id}\" is already used in {options.ExistingFile ?? "the existing list"}; new items need new ids", item, "id");
        }
    }

    /// <summary>Is the file the format asked for at all? A spec answered as a feature list is not worth parsing as one.</summary>
    private static bool CheckShape(JNode root, PlanFormat format, Findings found)
    {
        var actual = Detect(root);
        var version = (root as JObject)?["version"];
        if (format == PlanFormat.AgentOs && actual != PlanFormat.AgentOs && version is null)
        {
            found.Error(root, $"expected {format.Describe()}: a root with \"version\": \"4.0\" and \"tasks\"", null, "version");
            return false;
        }

        if (format != actual && !(format == PlanFormat.Spec && version is not null))
        {
            found.Error(root, $"expected {format.Describe()}; this looks like {actual.Describe()}", null, null);
            return false;
        }

        return true;
    }

    private static PlanFormat Detect(JNode root) => root switch
    {
        JArray => PlanFormat.FeatureList,
        JObject obj when obj["features"] is not null || obj["tasks"] is null => PlanFormat.FeatureList,
        JObject obj when obj["version"] is JString { Value: var v } && (v == "4" || v.StartsWith("4.", StringComparison.Ordinal)) => PlanFormat.AgentOs,
        _ => PlanFormat.Spec,
    };

    private static int Start(byte[] utf8) => utf8.AsSpan().StartsWith(Bom) ? Bom.Length : 0;

    private static string Short(string text)
    {
        var line = text.Trim().ReplaceLineEndings(" ");
        return line.Length <= 60 ? line : line[..57] + "...";
    }
}
