using Pace.Core.Features;

namespace Pace.Core.Scheduling;

/// <summary>
/// Which features a parallel run starts in its free slots. Ready features start in the list's order
/// (<see cref="FeatureReadiness"/>), except one whose last result the run's branch could not take
/// (a conflict, or a tree that failed with the others' work): it runs again alone, once the lanes
/// running now have finished and while nothing else runs, so no other result lands under it and its
/// new session on the new base cannot be refused for the same reason. Such a feature goes first.
/// </summary>
public static class LaneStarts
{
    public static IReadOnlyList<Feature> Choose(FeatureList list, Func<string, bool> setAside, IReadOnlySet<string> running, IReadOnlySet<string> alone, int free)
    {
        ArgumentNullException.ThrowIfNull(running);
        if (free <= 0 || running.Any(alone.Contains))
        {
            return [];
        }

        var ready = FeatureReadiness.Startable(list, setAside, running).ToList();
        if (ready.FirstOrDefault(f => alone.Contains(f.Id.Value)) is { } again)
        {
            return running.Count == 0 ? [again] : [];
        }

        return [.. ready.Take(free)];
    }
}
