using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>The review of the current wave's pull request.</summary>
public sealed record ReviewStatus
{
    /// <summary>True once a reviewer gave a verdict (the seed's name; any allowed reviewer counts).</summary>
    public bool BotReviewed { get; init; }

    public DateTimeOffset? LastCheck { get; init; }

    /// <summary>Polls since polling (re)started.</summary>
    public int PollCount { get; init; }

    public ReviewDecision? ReviewDecision { get; init; }

    public int BlockingCount { get; init; }

    /// <summary>Reviews with a verdict received for this wave's pull request (Pace's field).</summary>
    public int ReviewCycles { get; init; }

    /// <summary>When the current polling window opened; its length is flags.max_poll_duration_ms (Pace's field).</summary>
    public DateTimeOffset? PollStartedAt { get; init; }

    /// <summary>Polling gave up; the next invocation opens a new window (Pace's field).</summary>
    public bool PollTimedOut { get; init; }

    /// <summary>The comments of the last review that asked for changes, to hand to the agent again after a restart (Pace's field).</summary>
    public IReadOnlyList<string> BlockingComments { get; init; } = [];

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
