using Pace.Core.Features;

namespace Pace.Core.Plans;

/// <summary>
/// Dependencies between features (<c>depends_on</c>, an optional field of a feature list; the spec
/// parser checks a spec's own): each names an existing feature, none its own, and they form no cycle.
/// The rule is <see cref="DependencyRule"/>'s; the words and places are the linter's.
/// </summary>
internal static class PlanDependencies
{
    public static void Check(IReadOnlyList<PlanItem> items, Findings found)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Id is { } id)
            {
                index.TryAdd(id, i);
            }
        }

        DependencyRule.Check<(string Id, Specs.Internal.JNode At)>(
            items.Count,
            i => items[i].DependsOn,
            dep => index.TryGetValue(dep.Id, out var target) ? target : -1,
            (i, dep) => found.Error(dep.At, $"{items[i].Where} depends on unknown feature \"{dep.Id}\"", items[i], "depends_on"),
            (i, dep) => found.Error(dep.At, $"{items[i].Where} depends on itself", items[i], "depends_on"),
            cycle =>
            {
                var first = items[cycle[0]];
                var names = string.Join(" -> ", cycle.Append(cycle[0]).Select(i => items[i].Id));
                found.Error(first.IdNode ?? first.Node, $"dependency cycle: {names} (each feature depends on the next)", first, "depends_on");
            });
    }
}
