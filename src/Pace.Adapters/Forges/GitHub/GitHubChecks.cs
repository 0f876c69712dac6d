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
    /// <summary>Each failed check as a person would look it up: its name, how it ended and where its output is.</summary>
    public IReadOnlyList<string> FailedDetails { get; init; } = [];

    /// <summary>
    /// Joins check runs and commit statuses (the latest of each name). With required checks named,
    /// only those count and one not reported yet is pending; without, every reported check counts.
    /// Any failure makes the whole red at once, even while others still run.
    /// </summary>
    internal static ChecksState Of(IReadOnlyList<string> required, IReadOnlyList<WireCheckRun> runs, IReadOnlyList<WireStatus> statuses)
    {
        var outcomes = new Dictionary<string, (ChecksOutcome Outcome, string Detail)>(StringComparer.Ordinal);
        foreach (var run in runs.OrderBy(r => r.Id))
        {
            var outcome = run.Status != "completed" ? ChecksOutcome.Pending
                : run.Conclusion is "success" or "neutral" or "skipped" ? ChecksOutcome.Green
                : ChecksOutcome.Red;
            outcomes[run.Name] = (outcome, Detail(run.Name, run.Conclusion ?? run.Status, null, run.HtmlUrl));
        }

        foreach (var commitStatus in statuses)
        {
            var outcome = commitStatus.State switch
            {
                "success" => ChecksOutcome.Green,
                "pending" => ChecksOutcome.Pending,
                _ => ChecksOutcome.Red,
            };
            outcomes.TryAdd(commitStatus.Context, (outcome, Detail(commitStatus.Context, commitStatus.State, commitStatus.Description, commitStatus.TargetUrl)));
        }

        var counted = required.Count == 0
            ? outcomes.ToList()
            : required.Select(name => KeyValuePair.Create(name, outcomes.GetValueOrDefault(name, (Outcome: ChecksOutcome.Pending, Detail: name)))).ToList();
        List<string> Named(ChecksOutcome outcome) => [.. counted.Where(c => c.Value.Outcome == outcome).Select(c => c.Key)];
        var failed = Named(ChecksOutcome.Red);
        var waiting = Named(ChecksOutcome.Pending);
        var overall = failed.Count > 0 ? ChecksOutcome.Red : waiting.Count > 0 ? ChecksOutcome.Pending : ChecksOutcome.Green;
        return new ChecksState(overall, Named(ChecksOutcome.Green), waiting, failed)
        {
            FailedDetails = [.. counted.Where(c => c.Value.Outcome == ChecksOutcome.Red).Select(c => c.Value.Detail)],
        };
    }

    private static string Detail(string name, string how, string? description, string? url) =>
        name + " (" + string.Join(", ", new[] { how, description, url }.Where(s => !string.IsNullOrWhiteSpace(s))) + ")";
}
