using Pace.Core.Specs.Internal;

namespace Pace.Core.Specs;

public sealed partial class SpecParser
{
    /// <summary>
    /// The waves an execute-spec v3 file lists, checked against its tasks: every unit in exactly one
    /// wave, no unknown ids, and every dependency in an earlier wave. A wave that names a subtask
    /// means the subtask's parent. Empty waves are skipped; the others are numbered 1, 2, ... in
    /// list order. Returns each unit's wave, or null on error.
    /// </summary>
    private int[]? ListedWaves(
        List<WaveEntry> waves,
        List<TaskEntry> units,
        List<IReadOnlyList<int>> edges,
        Dictionary<string, TaskEntry> byId,
        Dictionary<string, int> unitIndex)
    {
        var wave = new int[units.Count];
        var number = 0;
        for (var i = 0; i < waves.Count; i++)
        {
            var where = $"execution_strategy.waves[{i}]";
            if (waves[i].Tasks.Count == 0)
            {
                Warning(waves[i].At.Start, $"{where} lists no tasks; it is skipped", null, "tasks");
                continue;
            }

            number++;
            foreach (var reference in waves[i].Tasks)
            {
                if (Resolve(reference, byId, unitIndex, $"{where} lists", "tasks") is not { } unit)
                {
                    continue;
                }

                if (wave[unit] == 0)
                {
                    wave[unit] = number;
                }
                else if (wave[unit] != number)
                {
                    Error(reference.At, $"task \"{units[unit].Id}\" is in wave {wave[unit]} and again in wave {number}; a task runs in one wave", units[unit].Id, "tasks");
                }
            }
        }

        for (var u = 0; u < units.Count; u++)
        {
            if (wave[u] == 0)
            {
                Error(units[u].IdAt, $"task \"{units[u].Id}\" is in no wave of execution_strategy.waves", units[u].Id, "execution_strategy");
                continue;
            }

            foreach (var dep in edges[u].Where(d => wave[d] >= wave[u] && wave[d] != 0))
            {
                Error(units[u].IdAt, $"task \"{units[u].Id}\" (wave {wave[u]}) depends on \"{units[dep].Id}\", which runs in wave {wave[dep]}; a dependency must run in an earlier wave", units[u].Id, "depends_on");
            }
        }

        return HasErrors ? null : wave;
    }
}
