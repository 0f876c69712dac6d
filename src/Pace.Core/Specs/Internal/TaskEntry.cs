namespace Pace.Core.Specs.Internal;

/// <summary>A reference to a task id, with the node that holds it (for positions in messages).</summary>
internal readonly record struct TaskRef(string Id, JNode At);

/// <summary>One task object of a spec file as read, before validation and wave planning.</summary>
internal sealed class TaskEntry
{
    public required string Id { get; init; }

    public required JNode IdAt { get; init; }

    public required JObject Entry { get; init; }

    public string Title { get; init; } = "";

    public string? Prompt { get; init; }

    public List<TaskRef> DependsOn { get; init; } = [];

    public List<string> Checks { get; init; } = [];

    public List<string> Verify { get; init; } = [];

    /// <summary>The task's own test files (agent-os <c>artifacts.test_files</c>), repository-relative.</summary>
    public List<string> TestFiles { get; init; } = [];

    public SpecTaskStatus Status { get; init; }

    /// <summary>Set for an execute-spec subtask: the id of its parent.</summary>
    public TaskRef? Parent { get; init; }

    /// <summary>The wave an execute-spec v3 task declares in <c>parallelization.wave</c>.</summary>
    public int? DeclaredWave { get; init; }

    /// <summary>agent-os v4's <c>task_type</c> (implementation, git-operation, verification, ...), when the file says.</summary>
    public string? TaskType { get; init; }

    public bool IsSubtask => Parent is not null;
}

/// <summary>A wave as listed in an execute-spec v3 file.</summary>
internal sealed record WaveEntry(JObject At, List<TaskRef> Tasks, string? Rationale);
