using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>
/// A task of a later wave that started before its wave (state.early_tasks, Pace's field): each of its
/// own dependencies had a passing result (merged into the base branch, passed in the current wave, or
/// passed early itself), and a parallel slot was free. <see cref="Passed"/> is null while it runs (or when a killed run lost it: it then simply
/// runs in its wave); a passed result is replayed onto its wave's base and verified again there.
/// </summary>
/// <remarks>
/// Properties have setters rather than init accessors: the System.Text.Json source generator sets
/// init-only properties like constructor arguments, so a member missing from the file would get
/// null or 0 instead of its default here. Treat instances as immutable all the same: change them
/// with <c>with</c> only.
/// </remarks>
public sealed record EarlyTask
{
    /// <summary>The wave the task belongs to (a wave after the current one when it started).</summary>
    public int Wave { get; set; }

    public string TaskId { get; set; } = "";

    /// <summary>The commit it started from: its dependencies' results (merged into one commit when they are several).</summary>
    public string BaseCommit { get; set; } = "";

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Null while running; true with <see cref="Commit"/>, or false with <see cref="Reason"/>.</summary>
    public bool? Passed { get; set; }

    public string? Commit { get; set; }

    public string? Reason { get; set; }

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
