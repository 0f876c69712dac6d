using Pace.Core.Ports;

namespace Pace.Core.Loop;

/// <summary>
/// Where one session works: the run's own tree (the sequential loop: the session is the state's
/// <see cref="RunState.Current"/>), or a lane of a parallel run (its own worktree and branch: the
/// session is one of <see cref="RunState.Lanes"/>).
/// </summary>
public sealed record SessionPlace(IWorkspace Workspace, IProjectFiles Files, bool InLane)
{
    /// <summary>
    /// A fleet run's lane on the coordinator: a worker ran the session in its own tree, so there is no
    /// tree here to set aside or commit; the outcome's commit and attempt ref were fetched already.
    /// </summary>
    public bool Fleet { get; init; }

    /// <summary>The state with this place's session replaced by <paramref name="session"/>.</summary>
    public RunState Put(RunState state, SessionState session) =>
        InLane ? state with { Lanes = [.. state.Lanes.Select(l => l.Number == session.Number ? session : l)] } : state with { Current = session };

    /// <summary>The state without this place's session <paramref name="number"/>.</summary>
    public RunState Remove(RunState state, int number) =>
        InLane ? state with { Lanes = [.. state.Lanes.Where(l => l.Number != number)] } : state with { Current = null };
}
