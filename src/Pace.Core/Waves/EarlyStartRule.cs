using Pace.Core.Git;
using Pace.Core.Specs;

namespace Pace.Core.Waves;

/// <summary>
/// The scheduler's readiness rule for early start (docs/specs.md), without effects: which tasks of
/// later waves may start now, in the order they take free slots, and where each dependency's
/// passing result is. A task is ready when the setting is on, it is not done, it has not started
/// (in this process or in the state), and every dependency has a passing result: merged into the
/// base branch (done, or of an earlier wave), passed in the current wave (its task branch), or passed
/// early itself (its commit). The earliest wave goes first, in spec order within a wave. Slots, and
/// the rule that the current wave's tasks take them first, belong to the task runner.
/// </summary>
/// <param name="enabled">The run's early-start setting.</param>
/// <param name="recorded">The early starts the state records, with their results.</param>
/// <param name="passedInWave">Whether a task of the current wave has passed (its branch holds its result).</param>
/// <param name="live">What this process knows of a task's early run: null when it started none, else the run's outcome (null while it runs).</param>
public sealed class EarlyStartRule(Spec spec, bool enabled, IReadOnlyList<EarlyTask> recorded, int currentWave, Func<string, bool> passedInWave, Func<SpecTask, LiveEarlyRun?> live)
{
    /// <summary>The ready tasks, evaluated as they are enumerated (a task started meanwhile is no longer ready).</summary>
    public IEnumerable<SpecTask> Ready() =>
        !enabled
            ? []
            : spec.Tasks.Where(t => t.Wave > currentWave && !t.Status.IsDone()).OrderBy(t => t.Wave)
                .Where(t => live(t) is null && Recorded(t) is null && Dependencies(t).All(d => ResultOf(d, "") is not null));

    /// <summary>The task's own dependencies that are tasks of the spec.</summary>
    public IEnumerable<SpecTask> Dependencies(SpecTask task) =>
        task.DependsOn.Select(spec.Find).OfType<SpecTask>();

    /// <summary>
    /// Where a dependency's passing result is: <paramref name="baseRef"/> when it is merged into the
    /// base branch, its task branch when it passed in the current wave, its commit when it passed
    /// early; null while it has none.
    /// </summary>
    public string? ResultOf(SpecTask dependency, string baseRef)
    {
        if (dependency.Status.IsDone() || dependency.Wave < currentWave)
        {
            return baseRef;
        }

        if (dependency.Wave == currentWave && passedInWave(dependency.Id))
        {
            return "refs/heads/" + RefNames.TaskBranch(spec.Name, dependency.Wave, dependency.Id);
        }

        var early = live(dependency) is { } run ? run.Outcome : Recorded(dependency);
        return early is { Passed: true, Commit: { } commit } ? commit : null;
    }

    /// <summary>
    /// The refs a ready task starts from: its dependencies' results, distinct, or the base branch
    /// when none of them has a result of its own there.
    /// </summary>
    public IReadOnlyList<string> ForkRefs(SpecTask task, string baseBranch)
    {
        var baseRef = "refs/heads/" + baseBranch;
        return [.. Dependencies(task).Select(d => ResultOf(d, baseRef)!).DefaultIfEmpty(baseRef).Distinct()];
    }

    private EarlyTask? Recorded(SpecTask task) =>
        recorded.FirstOrDefault(t => t.Wave == task.Wave && t.TaskId == task.Id);
}

/// <summary>An early run this process started: its outcome once it ended (null while it runs, or when it stopped without one).</summary>
public readonly record struct LiveEarlyRun(EarlyTask? Outcome);
