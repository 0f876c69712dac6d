using Pace.Core.Features;

namespace Pace.Core.Plans;

/// <summary>
/// Dependencies between features (<c>depends_on</c>, an optional field of a feature list; the spec
/// parser checks a spec's own): each names a feature of the plan or of the list it is merged into,
/// none its own, and they form no cycle. The rule is <see cref="DependencyRule"/>'s; the words and
/// places are the linter's.
/// </summary>
internal static class PlanDependencies
{
    /// <param name="existing">The features of the list the plan is merged into (valid by themselves): only the plan's items are reported.</param>
    public static void Check(IReadOnlyList<PlanItem> items, IReadOnlyList<PlanItem> existing, Findings found)
    {
        // The plan's items first, then the existing ones: a plan id wins (one that is also an existing id is reported as already used).
        var all = items.Concat(existing).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].Id is { } id)
            {
                index.TryAdd(id, i);
            }
        }

        DependencyRule.Check<(string Id, Specs.Internal.JNode At)>(
            all.Count,
            i => all[i].DependsOn,
            dep => index.TryGetValue(dep.Id, out var target) ? target : -1,
            (i, dep) => Report(i, () => found.Error(dep.At, $"{items[i].Where} depends on unknown feature \"{dep.Id}\"", items[i], "depends_on")),
            (i, dep) => Report(i, () => found.Error(dep.At, $"{items[i].Where} depends on itself", items[i], "depends_on")),
            cycle =>
            {
                // A valid list has no cycle of its own: one through it goes through the plan, reported at the plan's first item in it.
                var start = cycle.ToList().FindIndex(i => i < items.Count);
                if (start < 0)
                {
                    return;
                }

                var path = cycle.Skip(start).Concat(cycle.Take(start)).ToList();
                var first = items[path[0]];
                var names = string.Join(" -> ", path.Append(path[0]).Select(i => all[i].Id));
                found.Error(first.IdNode ?? first.Node, $"dependency cycle: {names} (each feature depends on the next)", first, "depends_on");
            });

        void Report(int i, Action report)
        {
            if (i < items.Count)
            {
                report();
            }
        }
    }
}
