using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>The review of the current wave's pull request.</summary>
/// <remarks>
/// Properties have setters rather than init accessors: the System.Text.Json source generator sets
/// init-only properties like constructor arguments, so a member missing from the file would get
/// null or 0 instead of its default here. Treat instances as immutable all the same: change them
/// with <c>with</c> only.
/// </remarks>
public sealed record ReviewStatus
{
    /// <summary>True once a reviewer gave a verdict (the seed's name; any allowed reviewer counts).</summary>
    public bool BotReviewed { get; set; }

    public DateTimeOffset? LastCheck { get; set; }

    /// <summary>Polls since polling (re)started.</summary>
    public int PollCount { get; set; }

    public ReviewDecision? ReviewDecision { get; set; }

    public int BlockingCount { get; set; }

    /// <summary>Reviews with a verdict received for this wave's pull request (Pace's field).</summary>
    public int ReviewCycles { get; set; }

    /// <summary>When the current polling window opened; its length is flags.max_poll_duration_ms (Pace's field).</summary>
    public DateTimeOffset? PollStartedAt { get; set; }

    /// <summary>Polling gave up; the next invocation opens a new window (Pace's field).</summary>
    public bool PollTimedOut { get; set; }

    /// <summary>The comments of the last review that asked for changes, to hand to the agent again after a restart (Pace's field).</summary>
    public IReadOnlyList<string> BlockingComments { get; set; } = [];

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
