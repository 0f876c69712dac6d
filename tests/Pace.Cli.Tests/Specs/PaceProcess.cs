using Pace.Adapters.Processes;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Specs;

/// <summary>Runs pace (<see cref="PaceExecutable"/>: pace.dll, or the native binary in the second pass of scripts/test.sh) as a separate process in a folder, with the isolated git settings of <see cref="LoopProject.Environment"/>.</summary>
internal static class PaceProcess
{
    public static Task<PaceRun> RunAsync(string folder, IReadOnlyDictionary<string, string?>? extra, params string[] args) => RunOnAsync(null, null, folder, extra, args);

    /// <summary>As <see cref="RunAsync"/>, on host <paramref name="host"/> of <paramref name="hosts"/> (its network namespace), when given.</summary>
    public static async Task<PaceRun> RunOnAsync(Fleet.NetworkHosts? hosts, string? host, string folder, IReadOnlyDictionary<string, string?>? extra, params string[] args)
    {
        var environment = new Dictionary<string, string?>(LoopProject.Environment);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            environment[k] = v;
        }

        environment[PaceExecutable.Variable] = null;
        var (fileName, arguments) = PaceExecutable.Command(args);
        if (hosts is not null)
        {
            (fileName, arguments) = hosts.On(host!, fileName, arguments);
        }

        var spec = new ProcessSpec(fileName, arguments, folder)
        {
            Environment = environment,
            Timeout = TimeSpan.FromMinutes(3),
        };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, TestContext.Current.CancellationToken);
        result.TimedOut.ShouldBeFalse();
        return new PaceRun(result.ExitCode, stdout, stderr);
    }
}
