using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// What the scheduler reads of the run's state, copied out by the dispatcher so that it does not read
/// the whole <see cref="SpecState"/>: the tasks the current wave has reported, the paused ones, and
/// the early starts, and the tasks whose result the wave branch refused (they run again on it).
/// </summary>
/// <param name="Wave">The current wave, 1-based.</param>
/// <param name="EarlyAfterMerge">Tasks of later waves may start from the wave's results now: its tasks are merged, its pull request not being merged, and a later wave exists.</param>
internal sealed record TasksAtHand(
    int Wave, string BaseBranch, bool EarlyStart, IReadOnlyList<string> Passed, IReadOnlyList<string> Failed, IReadOnlyList<TaskPause> Paused,
    IReadOnlyList<EarlyTask> EarlyTasks, bool EarlyAfterMerge, IReadOnlyList<RefusedMerge> Refused)
{
    public static TasksAtHand Of(SpecState state) => new(
        state.CurrentWave, state.BaseBranch, state.Flags.EarlyStart, state.ExecutionStatus.PassedTasks, state.ExecutionStatus.FailedTasks, state.ExecutionStatus.PausedTasks,
        state.EarlyTasks, state.Flags.EarlyStart && !state.IsFinalWave && state.ExecutionStatus.TaskBranchesMerged && state.Phase != SpecPhase.ReadyToMerge,
        state.ExecutionStatus.RefusedMerges);
}
