using Pace.Core.Features;

namespace Pace.Core.Scheduling;

/// <summary>
/// The feature loop's readiness rule, for one agent slot or several: a failing feature may start
/// when it is not set aside (stuck), not already running in a slot, and every feature it depends on
/// passes in the list (a dependency still running or waiting to be integrated does not count). The
/// order is the list's: priority, then position. The sequential loop takes the first; a loop with
/// several slots takes as many as it has free.
/// </summary>
public static class FeatureReadiness
{
    public static IEnumerable<Feature> Startable(FeatureList list, Func<string, bool> setAside, IReadOnlySet<string> running)
    {
        ArgumentNullException.ThrowIfNull(list);
        return list.Failing.Where(f => f.IsReady && !running.Contains(f.Id.Value) && !setAside(f.Id.Value));
    }
}
