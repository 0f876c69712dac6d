using Pace.Core.Specs;
using Pace.Core.Verification;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    /// <summary>
    /// The <c>verify</c> commands of the spec's tasks already done whose work the task's tree holds, as
    /// regression checks (capped as in the feature loop): every task of an earlier wave (merged into the
    /// wave's base) or, for a task running early from a fork, its dependencies (the fork holds their results).
    /// </summary>
    private IReadOnlyList<CheckSpec> RegressionFor(SpecTask task, int wave, bool ranEarly)
    {
        if (_context.Config.RegressionCap <= 0)
        {
            return [];
        }

        var done = ranEarly ? AllDependencies(task) : [.. _context.Spec.Tasks.Where(t => t.Wave < wave)];
        // The window over a long list moves with the task, so the tasks of a wave cover it together.
        return Regression.Choose([.. done.Select(t => new PassingItem(t.Id, t.Verify))], _context.Config.RegressionCap, task.Index);
    }

    private List<SpecTask> AllDependencies(SpecTask task)
    {
        var found = new Dictionary<string, SpecTask>(StringComparer.Ordinal);
        var todo = new Stack<string>(task.DependsOn);
        while (todo.TryPop(out var id))
        {
            if (!found.ContainsKey(id) && _context.Spec.Find(id) is { } dependency)
            {
                found[id] = dependency;
                foreach (var next in dependency.DependsOn)
                {
                    todo.Push(next);
                }
            }
        }

        return [.. found.Values.OrderBy(t => t.Index)];
    }
}
