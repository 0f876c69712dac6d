using System.Diagnostics;
using Pace.Adapters.Processes;

namespace Pace.Bench.Loop;

/// <summary>What one short child process costs: ProcessRunner (with and without a process group of the child's own) against a bare Process.Start, with and without setsid.</summary>
internal static class SpawnBench
{
    public static async Task RunAsync(int runs, TextWriter output)
    {
        using var repo = new BenchRepo("spawn");
        repo.Write("a.txt", "a\n");
        await repo.CommitAllAsync();
        var folder = repo.Folder;
        string[] revParse = ["-C", folder, "rev-parse", "--verify", "HEAD^{commit}"];

        output.WriteLine($"## One short child process ({runs} runs each, sequential)\n");
        output.WriteLine(Stats.Header.Replace("ms per session", "ms per process", StringComparison.Ordinal));
        await Row("ProcessRunner: git rev-parse", () => ProcessRunner.CaptureAsync(new ProcessSpec("git", revParse, folder) { Environment = BenchRepo.GitEnvironment }));
        await Row("ProcessRunner, no own group: git rev-parse", () => ProcessRunner.CaptureAsync(new ProcessSpec("git", revParse, folder) { Environment = BenchRepo.GitEnvironment, OwnProcessGroup = false }));
        await Row("ProcessRunner: true", () => ProcessRunner.CaptureAsync(new ProcessSpec("true", [], folder)));
        await Row("Process.Start: setsid git rev-parse", () => Bare("setsid", ["git", .. revParse], folder));
        await Row("Process.Start: git rev-parse", () => Bare("git", revParse, folder));
        await Row("Process.Start: true", () => Bare("true", [], folder));

        async Task Row<T>(string name, Func<Task<T>> action)
        {
            for (var i = 0; i < 10; i++)
            {
                await action();
            }

            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                await action();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            output.WriteLine(Stats.Of(times).Row(name));
        }
    }

    private static async Task<string> Bare(string file, string[] arguments, string folder)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in BenchRepo.GitEnvironment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stderr;
        return await stdout;
    }
}
