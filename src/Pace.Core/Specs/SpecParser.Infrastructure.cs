using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

public sealed partial class SpecParser
{
    /// <summary>
    /// agent-os v4's task writer adds its own orchestration as tasks: per wave a branch, a
    /// verification, a pull request and a merge, then a delivery, each depending on the one before
    /// (a 3-task spec became 13 waves of "work"). Pace does those steps itself, so such tasks leave
    /// the plan; the other task types (implementation, discovery) are work.
    /// </summary>
    private static readonly Dictionary<string, string> InfrastructureTypes = new(StringComparer.Ordinal)
    {
        ["git-operation"] = "a git step (branch, pull request, merge, delivery): Pace makes the branches, opens, reviews and merges each wave's pull request itself",
        ["verification"] = "verification: Pace verifies every task itself (pace.json's checks and the task's own)",
        ["pr-review"] = "a review step: Pace asks the configured reviewer about each wave's pull request itself",
        ["e2e-testing"] = "an end-to-end test run, not coding work: make it one of pace.json's checks to have Pace run it after every task",
    };

    private static readonly string[] WorkTypes = ["implementation", "discovery"];

    /// <summary>
    /// Takes infrastructure tasks (and subtasks of theirs) out of <paramref name="entries"/>. A task
    /// that depended on one depends on what that one depended on, transitively, so the order the
    /// file meant survives (W2-BRANCH -> W1-MERGE -> W1-PR -> W1-VERIFY -> tasks 1 and 2).
    /// </summary>
    private List<SpecLeftOutTask> LeaveOutInfrastructure(List<TaskEntry> entries, List<WaveEntry>? waves)
    {
        var infra = new Dictionary<string, TaskEntry>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => !e.IsSubtask && e.TaskType is not null))
        {
            if (InfrastructureTypes.ContainsKey(entry.TaskType!))
            {
                infra.TryAdd(entry.Id, entry);
            }
            else if (!WorkTypes.Contains(entry.TaskType))
            {
                Warning(entry.Entry["task_type"]!.Start, $"task \"{entry.Id}\": unknown task_type \"{entry.TaskType}\"; planned as coding work", entry.Id, "task_type");
            }
        }

        if (infra.Count == 0)
        {
            return [];
        }

        entries.RemoveAll(e => infra.ContainsKey(e.Id) || (e.Parent is { } p && infra.ContainsKey(p.Id)));
        if (!entries.Any(e => !e.IsSubtask))
        {
            var first = infra.Values.First();
            Error(first.Entry, $"tasks.json: every task is an infrastructure step ({string.Join(", ", infra.Keys)}); there is no implementation task for an agent to do", first.Id, "task_type");
        }

        foreach (var entry in entries)
        {
            var through = Through(entry.DependsOn, infra);
            entry.DependsOn.Clear();
            entry.DependsOn.AddRange(through);
        }

        foreach (var wave in waves ?? [])
        {
            wave.Tasks.RemoveAll(r => infra.ContainsKey(r.Id));
        }

        return [.. infra.Values.Select(e => new SpecLeftOutTask(e.Id, e.TaskType!, e.Title, InfrastructureTypes[e.TaskType!]))];
    }

    /// <summary>The dependencies with each infrastructure task replaced by its own, transitively; each id once, in order.</summary>
    private static List<TaskRef> Through(List<TaskRef> dependsOn, Dictionary<string, TaskEntry> infra)
    {
        var result = new List<TaskRef>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<TaskRef>(Enumerable.Reverse(dependsOn));
        while (stack.Count > 0)
        {
            var dep = stack.Pop();
            if (!seen.Add(dep.Id))
            {
                continue;
            }

            if (infra.TryGetValue(dep.Id, out var step))
            {
                foreach (var inner in Enumerable.Reverse(step.DependsOn))
                {
                    stack.Push(inner);
                }
            }
            else
            {
                result.Add(dep);
            }
        }

        return result;
    }
}
