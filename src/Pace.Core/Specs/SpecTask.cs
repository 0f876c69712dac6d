namespace Pace.Core.Specs;

/// <summary>
/// One unit of work: what one agent session does in one worktree. In execute-spec files a parent
/// task is the unit and its subtasks run inside the parent's session (they are steps of its prompt,
/// not separate sessions), so <see cref="Spec.Tasks"/> never holds a subtask.
/// </summary>
/// <param name="Index">Position among the units, in file order.</param>
/// <param name="Prompt">What the agent is asked to do: the task's own text (its subtasks are in <paramref name="Subtasks"/>; the session prompt lists them).</param>
/// <param name="DependsOn">Ids of units that must pass first (v4 <c>depends_on</c>, v3 <c>parallelization.blocked_by</c>).</param>
/// <param name="Checks">Commands Pace runs after the session, in addition to the project's checks.</param>
/// <param name="Wave">The 1-based wave the task runs in.</param>
public sealed record SpecTask(
    string Id,
    int Index,
    string Title,
    string Prompt,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> Checks,
    SpecTaskStatus Status,
    IReadOnlyList<SpecSubtask> Subtasks,
    int Wave)
{
    /// <summary>The task's own acceptance commands (<c>verify</c>): they must pass after the session, and one that passes on the base already proves nothing.</summary>
    public IReadOnlyList<string> Verify { get; init; } = [];

    /// <summary>
    /// The task's own test files (agent-os <c>artifacts.test_files</c>, its subtasks' included): the
    /// red-then-green proof is made with exactly these, which must exist after the session.
    /// </summary>
    public IReadOnlyList<string> TestFiles { get; init; } = [];
}

/// <summary>A step of a parent task (execute-spec <c>type: subtask</c>); it has its own status in the file.</summary>
public sealed record SpecSubtask(string Id, string Description, SpecTaskStatus Status);
