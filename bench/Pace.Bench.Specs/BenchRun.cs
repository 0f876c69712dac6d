using System.Diagnostics;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Git;
using Pace.Adapters.Processes;
using Pace.Adapters.Specs;
using Pace.Adapters.Verification;
using Pace.Core.Config;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Bench.Specs;

/// <param name="BetweenWaves">Mean time from a wave's last task passing to the next wave starting (or the run completing): merges, pull request, review, squash, cleanup.</param>
/// <param name="EarlyStarts">Tasks that started before their wave.</param>
internal sealed record BenchResult(TimeSpan Makespan, TimeSpan BetweenWaves, int EarlyStarts);

/// <summary>One whole spec run (executor, wave effects, git, local forge) in a fresh temporary repository.</summary>
internal static class BenchRun
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Pace Bench",
        ["GIT_AUTHOR_EMAIL"] = "bench@pace.invalid",
        ["GIT_COMMITTER_NAME"] = "Pace Bench",
        ["GIT_COMMITTER_EMAIL"] = "bench@pace.invalid",
    };

    public static string GitVersion() => Git(System.Environment.CurrentDirectory, "--version").Replace("git version ", "", StringComparison.Ordinal).Trim();

    public static async Task<BenchResult> RunAsync(BenchSpec plan, int agents, bool earlyStart)
    {
        var root = Path.Combine(Path.GetTempPath(), "pace-bench-specs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "specs"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "specs", "bench.json"), plan.Json());
            await File.WriteAllTextAsync(Path.Combine(root, "README.md"), "bench\n");
            await File.WriteAllTextAsync(Path.Combine(root, ".gitignore"), ".pace/\n");
            Git(root, "init", "-q", "-b", "main");
            Git(root, "add", "-A");
            Git(root, "commit", "-q", "-m", "start");

            var path = Path.Combine(root, "specs", "bench.json");
            var spec = SpecParser.Parse(path, File.ReadAllBytes(path)).Spec!;
            var layout = new SpecLayout(root, "", "specs/bench.json", spec.Name, spec.Format);
            var config = PaceConfig.Default with { Checks = [new CheckSpec("true", "true", TimeSpan.FromMinutes(1))] };
            // BENCH_TRACE=FILE writes Pace's progress lines with the time since the start (for reading where a run spends it).
            using var trace = System.Environment.GetEnvironmentVariable("BENCH_TRACE") is { Length: > 0 } tracePath ? new StreamWriter(tracePath, append: true) : null;
            var watch = new Stopwatch();
            var agent = new SimulatedAgent(plan.Tasks.ToDictionary(t => t.Id, t => t.Duration));
            var repository = new GitCliRepository(root, Environment);
            var clock = TimeProvider.System;
            using var effects = new WaveEffects(new WaveContext(
                layout, spec, config, agents, repository, new LocalForge(layout.PaceFolder, repository, clock), agent, agent, new CheckRunner(), clock, Environment)
            { Yes = true, Log = line => trace?.WriteLine($"{watch.Elapsed.TotalSeconds,7:0.000} {line}") });
            var store = new FileSpecRunStore(layout, clock);
            var state = SpecState.Create(spec.Name, layout.SpecFileRel, spec.Waves.Count, clock.GetUtcNow(), new SpecFlags { PollIntervalMs = 1000, EarlyStart = earlyStart });
            var waveStart = new Dictionary<int, TimeSpan>();
            var lastPass = new Dictionary<int, TimeSpan>();
            var early = 0;
            watch.Start();
            var executor = new SpecExecutor(store, effects, state)
            {
                Observer = (evt, s) =>
                {
                    if (evt is WaveStarted w)
                    {
                        waveStart.TryAdd(w.Wave, watch.Elapsed);
                    }
                    else if (evt is TaskPassed p)
                    {
                        lastPass[p.Wave] = watch.Elapsed;
                    }
                    else if (evt is EarlyTaskStarted)
                    {
                        early++;
                    }
                },
            };
            var final = await executor.RunAsync(new RunRequested(clock.GetUtcNow()), CancellationToken.None);
            await effects.DrainAsync();
            var makespan = watch.Elapsed;
            if (final.Phase != SpecPhase.Completed)
            {
                throw new InvalidOperationException($"the bench spec ended in {final.Phase}: {final.ExecutionStatus.LastError}");
            }

            waveStart[plan.Waves + 1] = makespan;
            var between = Enumerable.Range(1, plan.Waves).Average(w => (waveStart[w + 1] - lastPass[w]).TotalSeconds);
            return new BenchResult(makespan, TimeSpan.FromSeconds(between), early);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Git(string folder, params string[] args)
    {
        var (result, stdout, stderr) = ProcessRunner.CaptureAsync(new ProcessSpec("git", args, folder) { Environment = Environment }).GetAwaiter().GetResult();
        return result.ExitCode == 0 ? stdout : throw new InvalidOperationException($"git {string.Join(' ', args)}: {stderr}");
    }
}
