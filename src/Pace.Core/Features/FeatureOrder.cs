namespace Pace.Core.Features;

/// <summary>
/// The order a run takes the failing features if each one passes: priority, position breaking
/// ties, and a feature only once every feature it depends on passes (docs/feature-loop.md).
/// </summary>
public static class FeatureOrder
{
    /// <summary>
    /// The failing features in the order they would be taken, leaving out those <paramref name="setAside"/>
    /// names and every feature that waits on one of them (directly or through another).
    /// </summary>
    public static IReadOnlyList<Feature> Planned(FeatureList list, Func<Feature, bool> setAside)
    {
        ArgumentNullException.ThrowIfNull(list);
        var failing = list.Failing.Where(f => !setAside(f));
        if (list.Dependencies is not { } dependencies)
        {
            return [.. failing];
        }

        // Kahn's algorithm, the ready features taken by rank: each waits for its failing dependencies to be taken first.
        var left = new Dictionary<int, int>();
        var dependents = new Dictionary<int, List<int>>();
        var ready = new PriorityQueue<Feature, long>();
        foreach (var feature in failing)
        {
            var count = 0;
            foreach (var dep in dependencies.GetValueOrDefault(feature.Index) ?? [])
            {
                if (!list.Entry(dep).Passes)
                {
                    count++;
                    (dependents.TryGetValue(dep, out var those) ? those : dependents[dep] = []).Add(feature.Index);
                }
            }

            if (count == 0)
            {
                ready.Enqueue(feature, FeatureEntry.Rank(feature.Priority, feature.Index));
            }
            else
            {
                left[feature.Index] = count;
            }
        }

        var order = new List<Feature>();
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(next);
            foreach (var dependent in dependents.GetValueOrDefault(next.Index) ?? [])
            {
                if (--left[dependent] == 0)
                {
                    var feature = list.FeatureAt(dependent);
                    ready.Enqueue(feature, FeatureEntry.Rank(feature.Priority, dependent));
                }
            }
        }

        return order;
    }

    /// <summary>The failing features, not set aside, that wait on a dependency that does not pass, with those dependencies.</summary>
    public static IReadOnlyList<(Feature Feature, IReadOnlyList<Feature> WaitsOn)> Waiting(FeatureList list, Func<Feature, bool> setAside)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list.Dependencies is null
            ? []
            : [.. list.Failing.Where(f => !f.IsReady && !setAside(f)).Select(f => (f, f.WaitsOn))];
    }
}
