using System.Runtime.InteropServices;
using Pace.Adapters.Processes;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Specs;

/// <summary>Runs pace as a separate process in a folder, with the isolated git settings of <see cref="LoopProject.Environment"/>.</summary>
internal static class PaceProcess
{
    private static readonly string Dotnet = FindDotnet();

    public static async Task<PaceRun> RunAsync(string folder, IReadOnlyDictionary<string, string?>? extra, params string[] args)
    {
        var environment = new Dictionary<string, string?>(LoopProject.Environment);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            environment[k] = v;
        }

        var spec = new ProcessSpec(Dotnet, [Path.Combine(AppContext.BaseDirectory, "pace.dll"), .. args], folder)
        {
            Environment = environment,
            Timeout = TimeSpan.FromMinutes(3),
        };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, TestContext.Current.CancellationToken);
        result.TimedOut.ShouldBeFalse();
        return new PaceRun(result.ExitCode, stdout, stderr);
    }

    private static string FindDotnet()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
