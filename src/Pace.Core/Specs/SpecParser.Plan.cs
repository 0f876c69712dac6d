using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

public sealed partial class SpecParser
{
    /// <summary>Validates the task graph and plans the waves; returns null when there is any error.</summary>
    private Spec? Plan(SpecFormat format, string name, string? baseBranch, List<TaskEntry> entries, List<WaveEntry>? waves, IReadOnlyList<SpecLeftOutTask>? leftOut = null)
    {
        var byId = CheckDuplicateIds(entries);
        // A duplicate id is reported; the first task with the id stands for it from here on.
        var units = entries.Where(e => !e.IsSubtask && byId[e.Id] == e).ToList();
        var unitIndex = units.Select((u, i) => (u.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var subtasks = CheckParents(entries, byId);

        var edges = new List<IReadOnlyList<int>>(units.Count);
        foreach (var unit in units)
        {
            var deps = new List<int>();
            var own = subtasks.GetValueOrDefault(unit.Id) ?? [];
            // A subtask's dependencies are its parent's: the parent's session does the subtask.
            foreach (var (dep, fromSubtask) in unit.DependsOn.Select(d => (d, false)).Concat(own.SelectMany(s => s.DependsOn).Select(d => (d, true))))
            {
                if (Resolve(dep, byId, unitIndex, $"task \"{unit.Id}\" depends on", "depends_on") is not { } target)
                {
                    continue;
                }

                if (units[target] == unit && fromSubtask)
                {
                    // A subtask waiting for a sibling: the order inside one session, nothing to plan.
                    continue;
                }

                if (units[target] == unit)
                {
                    var how = dep.Id == unit.Id ? "" : $" (\"{dep.Id}\" is one of its subtasks)";
                    Error(dep.At, $"task \"{unit.Id}\" depends on itself{how}", unit.Id, "depends_on");
                }
                else if (!deps.Contains(target))
                {
                    deps.Add(target);
                }
            }

            edges.Add(deps);
        }

        var graph = new DependencyGraph(edges);
        foreach (var cycle in graph.Cycles())
        {
            var names = string.Join(" -> ", cycle.Append(cycle[0]).Select(i => units[i].Id));
            Error(units[cycle[0]].IdAt, $"dependency cycle: {names} (each task depends on the next)", units[cycle[0]].Id, "depends_on");
        }

        if (HasErrors)
        {
            return null;
        }

        var wave = waves is null ? LevelWaves(graph) : ListedWaves(waves, units, edges, byId, unitIndex);
        if (wave is null)
        {
            return null;
        }

        var tasks = new List<SpecTask>(units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            var unit = units[i];
            if (unit.DeclaredWave is { } declared && declared != wave[i] && waves is not null)
            {
                Warning(unit.IdAt.Start, $"task \"{unit.Id}\" declares parallelization.wave {declared} but execution_strategy.waves puts it in wave {wave[i]}; the waves list wins", unit.Id, "parallelization");
            }

            var own = subtasks.GetValueOrDefault(unit.Id) ?? [];
            tasks.Add(new SpecTask(
                unit.Id,
                i,
                unit.Title,
                unit.Prompt ?? unit.Title,
                [.. edges[i].Select(d => units[d].Id)],
                unit.Checks,
                unit.Status,
                [.. own.Select(s => new SpecSubtask(s.Id, s.Prompt ?? s.Title, s.Status))],
                wave[i])
            {
                Verify = unit.Verify,
                TestFiles = [.. unit.TestFiles.Concat(own.SelectMany(s => s.TestFiles)).Select(Verification.PathGlob.Normalize).Distinct(StringComparer.Ordinal)],
            });
        }

        var planned = tasks.GroupBy(t => t.Wave).OrderBy(g => g.Key)
            .Select(g => new SpecWave(g.Key, [.. g.OrderBy(t => t.Index).Select(t => t.Id)], waves?[WaveListIndex(waves, g.Key)].Rationale))
            .ToList();
        var entryById = byId.ToDictionary(p => p.Key, p => p.Value.Entry, StringComparer.Ordinal);
        return new Spec(_path, format, name, baseBranch, tasks, planned, [.. _diagnostics], _source, entryById) { LeftOut = leftOut ?? [] };
    }

    private Dictionary<string, TaskEntry> CheckDuplicateIds(List<TaskEntry> entries)
    {
        var byId = new Dictionary<string, TaskEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!byId.TryAdd(entry.Id, entry))
            {
                var first = At(byId[entry.Id].IdAt.Start);
                Error(entry.IdAt, $"duplicate id \"{entry.Id}\" (first used at line {first.Line}, column {first.Column})", entry.Id, "id");
            }
        }

        return byId;
    }

    /// <summary>Checks that each subtask names an existing unit as its parent; returns the subtasks of each parent.</summary>
    private Dictionary<string, List<TaskEntry>> CheckParents(List<TaskEntry> entries, Dictionary<string, TaskEntry> byId)
    {
        var children = new Dictionary<string, List<TaskEntry>>(StringComparer.Ordinal);
        foreach (var sub in entries.Where(e => e.Parent is not null && byId[e.Id] == e))
        {
            var parent = sub.Parent!.Value;
            if (!byId.TryGetValue(parent.Id, out var owner))
            {
                Error(parent.At, $"subtask \"{sub.Id}\" names an unknown parent \"{parent.Id}\"", sub.Id, "parent");
            }
            else if (owner.IsSubtask)
            {
                Error(parent.At, $"subtask \"{sub.Id}\" names \"{parent.Id}\" as its parent, which is itself a subtask", sub.Id, "parent");
            }
            else
            {
                (children.TryGetValue(parent.Id, out var list) ? list : children[parent.Id] = []).Add(sub);
            }
        }

        return children;
    }

    /// <summary>The unit a reference means: the task itself, or the parent of a subtask (subtasks run in their parent's session).</summary>
    private int? Resolve(TaskRef reference, Dictionary<string, TaskEntry> byId, Dictionary<string, int> unitIndex, string context, string field)
    {
        if (!byId.TryGetValue(reference.Id, out var entry))
        {
            Error(reference.At, $"{context} unknown task \"{reference.Id}\"", null, field);
            return null;
        }

        var unitId = entry.Parent is { } parent ? parent.Id : entry.Id;
        return unitIndex.TryGetValue(unitId, out var index) ? index : null;
    }

    private static int[] LevelWaves(DependencyGraph graph) => [.. graph.Levels().Select(level => level + 1)];

    private static int WaveListIndex(List<WaveEntry> waves, int number) =>
        // Numbers count the non-empty waves in list order.
        waves.Select((w, i) => (w, i)).Where(p => p.w.Tasks.Count > 0).ElementAt(number - 1).i;
}
