using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>The tasks of the current wave.</summary>
/// <remarks>
/// Properties have setters rather than init accessors: the System.Text.Json source generator sets
/// init-only properties like constructor arguments, so a member missing from the file would get
/// null or 0 instead of its default here. Treat instances as immutable all the same: change them
/// with <c>with</c> only.
/// </remarks>
public sealed record ExecutionStatus
{
    public int TasksTotal { get; set; }

    public int TasksCompleted { get; set; }

    public int TasksFailed { get; set; }

    public string? LastError { get; set; }

    /// <summary>When the current wave started (Pace's field; goes to history.started_at).</summary>
    public DateTimeOffset? WaveStartedAt { get; set; }

    /// <summary>Ids of the wave's tasks that passed, so that a repeated report counts once (Pace's field).</summary>
    public IReadOnlyList<string> PassedTasks { get; set; } = [];

    public IReadOnlyList<string> FailedTasks { get; set; } = [];

    /// <summary>Tasks whose slot waits for their agent's usage window (Pace's field).</summary>
    public IReadOnlyList<TaskPause> PausedTasks { get; set; } = [];

    /// <summary>
    /// Tasks whose passed result the wave branch refused (a conflict, or checks failing on the merged
    /// tree), each run again once on the wave branch as it then was (Pace's field).
    /// </summary>
    public IReadOnlyList<RefusedMerge> RefusedMerges { get; set; } = [];

    /// <summary>The task branches are merged into the wave branch (Pace's field).</summary>
    public bool TaskBranchesMerged { get; set; }

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
