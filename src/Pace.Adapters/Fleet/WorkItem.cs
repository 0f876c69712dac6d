namespace Pace.Adapters.Fleet;

/// <summary>One piece of a run's work for the fleet: a feature session or a spec task, with what a worker needs to start it (<paramref name="Payload"/>, JSON).</summary>
public sealed record WorkItem(string Run, string Item, string Kind, string Payload)
{
    /// <summary>The agent the item's session uses (its account): while a usage window pauses it fleet-wide, no worker claims the item.</summary>
    public string? Agent { get; init; }
}

/// <summary>
/// A work item a worker holds until <paramref name="LeaseUntil"/>. <paramref name="Fence"/> grows
/// with every claim of the item: a report with an older one comes from a holder that lost the item
/// (its lease ran out, someone else claimed it) and is refused.
/// </summary>
public sealed record WorkClaim(long Id, WorkItem Work, long Fence, string Worker, DateTimeOffset LeaseUntil);
