using Pace.Core.Specs.Internal;

namespace Pace.Core.Plans;

/// <summary>
/// Dependencies between features (<c>depends_on</c>, an optional field of a feature list; the spec
/// parser checks a spec's own): each names an existing feature, none its own, and they form no cycle.
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

        var edges = new List<IReadOnlyList<int>>(items.Count);
        foreach (var item in items)
        {
            var deps = new List<int>();
            foreach (var (dep, at) in item.DependsOn)
            {
                if (!index.TryGetValue(dep, out var target))
                {
                    found.Error(at, $"{item.Where} depends on unknown feature \"{dep}\"", item, "depends_on");
                }
                else if (ReferenceEquals(items[target], item))
                {
                    found.Error(at, $"{item.Where} depends on itself", item, "depends_on");
                }
                else if (!deps.Contains(target))
                {
                    deps.Add(target);
                }
            }

            edges.Add(deps);
        }

        foreach (var cycle in new DependencyGraph(edges).Cycles())
        {
            var first = items[cycle[0]];
            var names = string.Join(" -> ", cycle.Append(cycle[0]).Select(i => items[i].Id));
            found.Error(first.IdNode ?? first.Node, $"dependency cycle: {names} (each feature depends on the next)", first, "depends_on");
        }
    }
}
