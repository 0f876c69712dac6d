namespace Pace.Bench.Specs;

/// <summary>
/// The makespan of Pace's early-start policy with no time of its own (no git, no checks, no state,
/// no review): tasks and slots only. A slot goes first to a task of the current wave (one that ran
/// early replays its result in no time), then to the ready task of the earliest later wave in spec
/// order, ready meaning each dependency is merged, passed in the current wave or passed early. The
/// next wave begins when the current one's tasks are all done. What a run measures above this is
/// Pace's own time; what this is above the lower bound is the policy's.
/// </summary>
internal static class PolicyModel
{
    public static TimeSpan Makespan(BenchSpec spec, int agents)
    {
        var byId = spec.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var early = new HashSet<string>(StringComparer.Ordinal);
        var passedEarly = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var running = new PriorityQueue<(string Id, bool Early), TimeSpan>();
        var now = TimeSpan.Zero;
        var free = agents;
        var wave = 1;
        var pending = Of(spec, wave);
        while (true)
        {
            while (free > 0 && Next(spec, byId, wave, pending, early, passedEarly, done) is { } next)
            {
                free--;
                if (next.Wave == wave)
                {
                    pending.Remove(next.Id);
                    running.Enqueue((next.Id, false), now + (early.Contains(next.Id) ? TimeSpan.Zero : next.Duration));
                }
                else
                {
                    early.Add(next.Id);
                    running.Enqueue((next.Id, true), now + next.Duration);
                }
            }

            running.TryDequeue(out var ended, out now);
            free++;
            (ended.Early ? passedEarly : done).Add(ended.Id);
            while (Of(spec, wave).All(done.Contains))
            {
                if (++wave > spec.Waves)
                {
                    return now;
                }

                pending = Of(spec, wave);
            }
        }
    }

    private static List<string> Of(BenchSpec spec, int wave) => [.. spec.Tasks.Where(t => t.Wave == wave).Select(t => t.Id)];

    private static BenchTask? Next(
        BenchSpec spec, Dictionary<string, BenchTask> byId, int wave, List<string> pending, HashSet<string> early, HashSet<string> passedEarly, HashSet<string> done)
    {
        if (pending.FirstOrDefault(id => !early.Contains(id) || passedEarly.Contains(id)) is { } own)
        {
            return byId[own];
        }

        return spec.Tasks.FirstOrDefault(t => t.Wave > wave && !early.Contains(t.Id)
            && t.DependsOn.All(d => byId[d].Wave < wave || done.Contains(d) || passedEarly.Contains(d)));
    }
}
