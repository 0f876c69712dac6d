using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>
/// Settings of one spec run, kept in the state file. Every member has its default when the file
/// lacks it: the original treated a missing manual_mode as true and stopped polling.
/// </summary>
/// <remarks>
/// Properties have setters rather than init accessors: the System.Text.Json source generator sets
/// init-only properties like constructor arguments, so a member missing from the file would get
/// null or 0 instead of its default here. Treat instances as immutable all the same: change them
/// with <c>with</c> only.
/// </remarks>
public sealed record SpecFlags
{
    public const int DefaultMaxReviewCycles = 3;

    /// <summary>When true, Pace checks the review once per invocation instead of polling.</summary>
    public bool ManualMode { get; set; }

    public long PollIntervalMs { get; set; } = 120_000;

    public long MaxPollDurationMs { get; set; } = 1_800_000;

    /// <summary>How many reviews a wave's pull request may get; changes requested by the last one fail the wave.</summary>
    public int MaxReviewCycles { get; set; } = DefaultMaxReviewCycles;

    /// <summary>
    /// A task of a later wave may start before its wave when each of its own dependencies has a passing
    /// result and a parallel slot is free (pace.spec.earlyStart; on by default).
    /// </summary>
    public bool EarlyStart { get; set; } = true;

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
