using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>The tasks of the current wave.</summary>
public sealed record ExecutionStatus
{
    public int TasksTotal { get; init; }

    public int TasksCompleted { get; init; }

    public int TasksFailed { get; init; }

    public string? LastError { get; init; }

    /// <summary>When the current wave started (Pace's field; goes to history.started_at).</summary>
    public DateTimeOffset? WaveStartedAt { get; init; }

    /// <summary>Ids of the wave's tasks that passed, so that a repeated report counts once (Pace's field).</summary>
    public IReadOnlyList<string> PassedTasks { get; init; } = [];

    public IReadOnlyList<string> FailedTasks { get; init; } = [];

    /// <summary>The task branches are merged into the wave branch (Pace's field).</summary>
    public bool TaskBranchesMerged { get; init; }

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
