using System.Globalization;
using System.Text;

namespace Pace.Bench.Specs;

internal sealed record BenchTask(string Id, TimeSpan Duration, IReadOnlyList<string> DependsOn, int Wave);

/// <summary>20 tasks in 4 waves (6, 6, 5, 3) with fixed pseudo-random durations and dependencies.</summary>
internal sealed record BenchSpec(IReadOnlyList<BenchTask> Tasks)
{
    public int Waves => Tasks.Max(t => t.Wave);

    public TimeSpan TotalWork => TimeSpan.FromTicks(Tasks.Sum(t => t.Duration.Ticks));

    public TimeSpan LongestChain
    {
        get
        {
            var finish = new Dictionary<string, TimeSpan>();
            foreach (var task in Tasks)
            {
                finish[task.Id] = task.Duration + (task.DependsOn.Count == 0 ? TimeSpan.Zero : task.DependsOn.Max(d => finish[d]));
            }

            return finish.Values.Max();
        }
    }

    public TimeSpan LowerBound(int agents) => TimeSpan.FromTicks(Math.Max(LongestChain.Ticks, TotalWork.Ticks / agents));

    /// <summary>The best a wave-by-wave run can do: each wave's tasks packed on the agents (longest first), waves one after another.</summary>
    public TimeSpan WaveBound(int agents) => TimeSpan.FromTicks(Enumerable.Range(1, Waves).Sum(w => WaveBound(w, agents).Ticks));

    public TimeSpan WaveBound(int wave, int agents)
    {
        var loads = new long[agents];
        foreach (var task in Tasks.Where(t => t.Wave == wave).OrderByDescending(t => t.Duration))
        {
            loads[Array.IndexOf(loads, loads.Min())] += task.Duration.Ticks;
        }

        return TimeSpan.FromTicks(loads.Max());
    }

    public static BenchSpec Create(double scale)
    {
        int[] sizes = [6, 6, 5, 3];
        var tasks = new List<BenchTask>();
        var i = 0;
        for (var wave = 1; wave <= sizes.Length; wave++)
        {
            var previous = tasks.Where(t => t.Wave == wave - 1).ToList();
            for (var k = 0; k < sizes[wave - 1]; k++, i++)
            {
                var seconds = (0.5 + (i * 7 % 10) / 10.0 * 1.5) * scale;
                IReadOnlyList<string> deps = previous.Count == 0 ? [] : [previous[k % previous.Count].Id];
                tasks.Add(new BenchTask($"t{i + 1:00}", TimeSpan.FromSeconds(seconds), deps, wave));
            }
        }

        return new BenchSpec(tasks);
    }

    public string Json()
    {
        var text = new StringBuilder("{\n  \"name\": \"bench\",\n  \"tasks\": [\n");
        text.AppendJoin(",\n", Tasks.Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"    {{ \"id\": \"{t.Id}\", \"title\": \"Task {t.Id}\", \"depends_on\": [{string.Join(", ", t.DependsOn.Select(d => $"\"{d}\""))}] }}")));
        return text.Append("\n  ]\n}\n").ToString();
    }
}
