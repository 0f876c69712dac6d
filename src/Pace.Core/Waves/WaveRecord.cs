using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>One entry of the state file's history: a wave that ended, merged or failed.</summary>
public sealed record WaveRecord
{
    public int Wave { get; init; }

    public int? PrNumber { get; init; }

    public string? PrUrl { get; init; }

    public WaveOutcome Status { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? MergedAt { get; init; }

    public bool BranchCleaned { get; init; }

    /// <summary>Reviews the wave's pull request received (its real count, not a constant).</summary>
    public int ReviewCycles { get; init; }

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
