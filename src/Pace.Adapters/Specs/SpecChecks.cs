using Pace.Core.Specs;
using Pace.Core.Verification;

namespace Pace.Adapters.Specs;

/// <summary>The checks a spec session is judged by.</summary>
internal static class SpecChecks
{
    /// <summary>The project's checks and then the item's own, all run in the project folder of the worktree.</summary>
    public static List<CheckSpec> For(IReadOnlyList<CheckSpec> project, IReadOnlyList<string> own) =>
        [.. project, .. own.Select(CheckSpec.Of)];

    /// <summary>
    /// The <c>verify</c> commands of <paramref name="done"/> as <paramref name="task"/>'s regression
    /// checks, capped as in the feature loop (the window over a long list moves with the task, so the
    /// tasks of a wave cover it together); none when the cap is 0.
    /// </summary>
    public static IReadOnlyList<CheckSpec> Regression(IEnumerable<SpecTask> done, SpecTask task, int cap) =>
        cap <= 0 ? [] : Core.Verification.Regression.Choose([.. done.Select(t => new PassingItem(t.Id, t.Verify))], cap, task.Index);

    /// <summary>The tasks whose work the wave branch holds before <paramref name="task"/> joins it: every earlier wave's, and those of its own wave listed before it.</summary>
    public static IEnumerable<SpecTask> OnWaveBranchBefore(Spec spec, SpecTask task) =>
        spec.Tasks.Where(t => t.Wave < task.Wave || (t.Wave == task.Wave && t.Index < task.Index));
}
