namespace Pace.Core.Waves;

public static partial class SpecMachine
{
    /// <summary>The phases in which a task of a later wave may run early: from the wave's start until its pull request is merged.</summary>
    private static readonly SpecPhase[] EarlyPhases = [SpecPhase.Execute, SpecPhase.AwaitingReview, SpecPhase.ReviewProcessing, SpecPhase.ReadyToMerge];

    /// <summary>Recorded before the executor creates its branch; refused when the setting is off or the task is not of a later wave.</summary>
    private static Decision RecordEarlyStart(SpecState s, EarlyTaskStarted e)
    {
        if (!s.Flags.EarlyStart)
        {
            return Decision.Ignore(s, $"early start is off (flags.early_start); task {e.TaskId} runs in its wave");
        }

        if (e.Wave <= s.CurrentWave || e.Wave > s.TotalWaves || s.CurrentWaveMerged)
        {
            return Decision.Ignore(s, $"task {e.TaskId} of wave {e.Wave} cannot start early during wave {s.CurrentWave}");
        }

        if (s.EarlyTasks.Any(t => t.Wave == e.Wave && t.TaskId == e.TaskId))
        {
            return Decision.Ignore(s, $"task {e.TaskId} started early already");
        }

        var task = new EarlyTask { Wave = e.Wave, TaskId = e.TaskId, BaseCommit = e.BaseCommit, StartedAt = e.At };
        return Go(s with { EarlyTasks = [.. s.EarlyTasks, task] });
    }

    private static Decision RecordEarlyResult(SpecState s, int wave, string taskId, Func<EarlyTask, EarlyTask> result)
    {
        var index = s.EarlyTasks.ToList().FindIndex(t => t.Wave == wave && t.TaskId == taskId);
        if (index < 0 || wave < s.CurrentWave)
        {
            return Decision.Ignore(s, $"task {taskId} of wave {wave} has no early start recorded");
        }

        if (s.EarlyTasks[index].Passed is not null)
        {
            return Decision.Ignore(s, $"the early result of task {taskId} is recorded already");
        }

        var tasks = s.EarlyTasks.ToArray();
        tasks[index] = result(tasks[index]);
        return Go(s with { EarlyTasks = tasks });
    }

    private static IEnumerable<Rule> EarlyRules() => EarlyPhases.SelectMany(phase => new[]
    {
        On<EarlyTaskStarted>(phase, RecordEarlyStart, (phase, "a task of a later wave, flags.early_start", [])),
        On<EarlyTaskPassed>(phase, (s, e) => RecordEarlyResult(s, e.Wave, e.TaskId, t => t with { Passed = true, Commit = e.Commit }), (phase, "its early start recorded", [])),
        On<EarlyTaskFailed>(phase, (s, e) => RecordEarlyResult(s, e.Wave, e.TaskId, t => t with { Passed = false, Reason = e.Reason }), (phase, "its early start recorded", [])),
    });
}
