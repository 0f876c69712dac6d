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
            var listed = dependencies(item);
            if (listed.Count == 0)
            {
                edges[item] = [];
                continue;
            }

            var deps = new int[listed.Count];
            var found = 0;
            foreach (var dep in listed)
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
                else if (Array.IndexOf(deps, target, 0, found) < 0)
                {
                    deps[found++] = target;
                }
            }

            edges[item] = found == deps.Length ? deps : deps[..found];
        }

        // Most lists have no cycle: one depth-first pass says so without the component search.
        if (!Acyclic(edges))
        {
            foreach (var found in new DependencyGraph(edges).Cycles())
            {
                cycle(found);
            }
        }

        return edges;
    }

    private static bool Acyclic(int[][] edges)
    {
        var state = new byte[edges.Length]; // 0 new, 1 on the path, 2 done
        var stack = new Stack<(int Node, int Next)>();
        for (var root = 0; root < edges.Length; root++)
        {
            if (state[root] != 0 || edges[root].Length == 0)
            {
                continue;
            }

            state[root] = 1;
            stack.Push((root, 0));
            while (stack.TryPop(out var top))
            {
                var (node, next) = top;
                if (next == edges[node].Length)
                {
                    state[node] = 2;
                    continue;
                }

                stack.Push((node, next + 1));
                var dep = edges[node][next];
                if (state[dep] == 1)
                {
                    return false;
                }

                if (state[dep] == 0)
                {
                    state[dep] = 1;
                    stack.Push((dep, 0));
                }
            }
        }

        return true;
    }
}
