using Pace.Core.Specs.Internal;

namespace Pace.Core.Features;

/// <summary>
/// The rule of <c>depends_on</c>, shared by the feature-list parser and the plan linter (each with
/// its own places and words): every dependency names an existing item, none its own, and together
/// they form no cycle.
/// </summary>
internal static class DependencyRule
{
    /// <summary>
    /// Checks the dependencies of items 0..count-1; <paramref name="resolve"/> gives the item a
    /// dependency names, or -1. Returns each item's dependencies (no repeats, in the order listed).
    /// </summary>
    public static int[][] Check<T>(
        int count,
        Func<int, IReadOnlyList<T>> dependencies,
        Func<T, int> resolve,
        Action<int, T> unknown,
        Action<int, T> itself,
        Action<IReadOnlyList<int>> cycle)
    {
        var edges = new int[count][];
        for (var item = 0; item < count; item++)
        {
            var deps = new List<int>();
            foreach (var dep in dependencies(item))
            {
                var target = resolve(dep);
                if (target < 0)
                {
                    unknown(item, dep);
                }
                else if (target == item)
                {
                    itself(item, dep);
                }
                else if (!deps.Contains(target))
                {
                    deps.Add(target);
                }
            }

            edges[item] = [.. deps];
        }

        foreach (var found in new DependencyGraph(edges).Cycles())
        {
            cycle(found);
        }

        return edges;
    }
}
