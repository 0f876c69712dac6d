using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Pace.Adapters.Processes;

namespace Pace.Bench.Loop;

/// <summary>
/// Peak memory of `dotnet pace.dll run` (the Release build beside this benchmark) while the claude
/// agent, played by the fake agent, streams MEGABYTES of 1 KB stream-json events; the pace process
/// and the agent are sampled from /proc until the run ends.
/// </summary>
internal static class MemoryBench
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(int megabytes, TextWriter output)
    {
        using var repo = new BenchRepo("memory");
        repo.FeatureList(1);
        var fake = Path.Combine(AppContext.BaseDirectory, "Pace.FakeAgent");
        repo.Write("pace.json", $$"""
            { "pace": {
                "agent": "claude",
                "agents": { "claude": { "type": "claude", "command": "{{fake}}", "env": { "PACE_FAKE_AGENT_SCRIPT": "write done.txt done\nhuge {{megabytes}}" } } },
                "session": { "timeoutMinutes": 60 },
                "checks": [ { "name": "trivial", "run": "true", "timeoutSeconds": 60 } ] } }
            """);
        await repo.CommitAllAsync();

        var lines = 0L;
        var tail = new Queue<string>();
        var spec = new ProcessSpec(Dotnet(), [Path.Combine(AppContext.BaseDirectory, "pace.dll"), "run", "--max-sessions", "1"], repo.Folder)
        {
            Environment = BenchRepo.GitEnvironment,
            Timeout = TimeSpan.FromHours(1),
        };
        var clock = Stopwatch.StartNew();
        var run = ProcessRunner.RunAsync(spec, line => Keep(line), line => Keep("stderr: " + line));

        int? pace = null, agent = null;
        var paceMemory = new Peak();
        var agentMemory = new Peak();
        var timeline = new List<string>();
        var nextMark = TimeSpan.Zero;
        while (!run.IsCompleted)
        {
            pace ??= ProcStatus.Find(Environment.ProcessId, "pace.dll");
            agent ??= pace is { } p ? ProcStatus.Find(p, "Pace.FakeAgent") : null;
            var paceNow = pace is { } id ? paceMemory.Sample(id) : null;
            if (agent is { } a)
            {
                agentMemory.Sample(a);
            }

            if (paceNow is { } m && clock.Elapsed >= nextMark)
            {
                timeline.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0}s: {m.RssKb / 1024.0:0.0}"));
                nextMark += TimeSpan.FromSeconds(5);
            }

            await Task.WhenAny(run, Task.Delay(Every));
        }

        var result = await run;
        var transcript = new FileInfo(Path.Combine(repo.Folder, ".pace", "sessions", "0001", "transcript.jsonl"));
        var expected = (long)megabytes * (1 << 20);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            ## Peak memory while the agent streams {megabytes} MB of events

            `dotnet pace.dll run --max-sessions 1`, agent claude = the fake agent (`huge {megabytes}`: 1 KB stream-json lines), sampled every {Every.TotalMilliseconds} ms from /proc/PID/status.

            | process | peak (VmHWM) | largest VmRSS seen | samples |
            |---|---:|---:|---:|
            | pace (dotnet pace.dll) | {paceMemory.PeakKb / 1024.0:0.0} MB | {paceMemory.RssKb / 1024.0:0.0} MB | {paceMemory.Samples} |
            | fake agent | {agentMemory.PeakKb / 1024.0:0.0} MB | {agentMemory.RssKb / 1024.0:0.0} MB | {agentMemory.Samples} |

            - pace exit code {result.ExitCode}, wall time {clock.Elapsed.TotalSeconds:0.0} s ({megabytes / clock.Elapsed.TotalSeconds:0} MB/s), {lines} lines of output.
            - transcript on disk: {(transcript.Exists ? transcript.Length : -1):N0} bytes (the agent printed {expected:N0}): {(transcript.Exists && transcript.Length >= expected ? "complete" : "INCOMPLETE")}.
            - pace VmRSS (MB) every 5 s: {string.Join(", ", timeline)}
            - last lines of pace's output: {string.Join(" | ", tail)}

            """));

        void Keep(string line)
        {
            lines++;
            tail.Enqueue(line.Length > 160 ? line[..160] + "..." : line);
            if (tail.Count > 4)
            {
                tail.Dequeue();
            }
        }
    }

    private static string Dotnet()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    private sealed class Peak
    {
        public long PeakKb { get; private set; }

        public long RssKb { get; private set; }

        public int Samples { get; private set; }

        public (long RssKb, long PeakKb)? Sample(int pid)
        {
            var memory = ProcStatus.Memory(pid);
            if (memory is { } m)
            {
                PeakKb = Math.Max(PeakKb, m.PeakKb);
                RssKb = Math.Max(RssKb, m.RssKb);
                Samples++;
            }

            return memory;
        }
    }
}
