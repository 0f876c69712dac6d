using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>One entry of the state file's history: a wave that ended, merged or failed.</summary>
/// <remarks>
/// Properties have setters rather than init accessors: the System.Text.Json source generator sets
/// init-only properties like constructor arguments, so a member missing from the file would get
/// null or 0 instead of its default here. Treat instances as immutable all the same: change them
/// with <c>with</c> only.
/// </remarks>
public sealed record WaveRecord
{
    public int Wave { get; set; }

    public int? PrNumber { get; set; }

    public string? PrUrl { get; set; }

    public WaveOutcome Status { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? MergedAt { get; set; }

    public bool BranchCleaned { get; set; }

    /// <summary>Reviews the wave's pull request received (its real count, not a constant).</summary>
    public int ReviewCycles { get; set; }

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
