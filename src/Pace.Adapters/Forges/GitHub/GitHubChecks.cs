namespace Pace.Adapters.Forges.GitHub;

public enum ChecksOutcome
{
    Green,
    Pending,
    Red,
}

/// <summary>The checks of one commit: <see cref="Failed"/> and <see cref="Waiting"/> name the checks behind the outcome.</summary>
public sealed record ChecksState(ChecksOutcome Outcome, IReadOnlyList<string> Passed, IReadOnlyList<string> Waiting, IReadOnlyList<string> Failed)
{
    /// <summary>
    /// Joins check runs and commit statuses (the latest of each name). With required checks named,
    /// only those count and one not reported yet is pending; without, every reported check counts.
    /// Any failure makes the whole red at once, even while others still run.
    /// </summary>
    internal static ChecksState Of(IReadOnlyList<string> required, IReadOnlyList<WireCheckRun> runs, WireCombinedStatus status)
    {
        var outcomes = new Dictionary<string, ChecksOutcome>(StringComparer.Ordinal);
        foreach (var run in runs.OrderBy(r => r.Id))
        {
            outcomes[run.Name] = run.Status != "completed" ? ChecksOutcome.Pending
                : run.Conclusion is "success" or "neutral" or "skipped" ? ChecksOutcome.Green
                : ChecksOutcome.Red;
        }

        foreach (var commitStatus in status.Statuses)
        {
            outcomes.TryAdd(commitStatus.Context, commitStatus.State switch
            {
                "success" => ChecksOutcome.Green,
                "pending" => ChecksOutcome.Pending,
                _ => ChecksOutcome.Red,
            });
        }

        var counted = required.Count == 0
            ? outcomes.ToList()
            : required.Select(name => KeyValuePair.Create(name, outcomes.GetValueOrDefault(name, ChecksOutcome.Pending))).ToList();
        List<string> Named(ChecksOutcome outcome) => [.. counted.Where(c => c.Value == outcome).Select(c => c.Key)];
        var failed = Named(ChecksOutcome.Red);
        var waiting = Named(ChecksOutcome.Pending);
        var overall = failed.Count > 0 ? ChecksOutcome.Red : waiting.Count > 0 ? ChecksOutcome.Pending : ChecksOutcome.Green;
        return new ChecksState(overall, Named(ChecksOutcome.Green), waiting, failed);
    }
}
