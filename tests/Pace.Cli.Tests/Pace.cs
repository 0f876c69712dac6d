using Pace.Adapters.Processes;

namespace Pace.Cli.Tests;

public sealed record PaceRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs pace as users do: a separate process (<see cref="PaceExecutable"/>) in a working folder.</summary>
internal static class Pace
{
    public static readonly DateTimeOffset Now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public static async Task<PaceRun> RunAsync(string workingFolder, params string[] args)
    {
        var (fileName, arguments) = PaceExecutable.Command(args);
        var spec = new ProcessSpec(fileName, arguments, workingFolder)
        {
            Environment = new Dictionary<string, string?>
            {
                [PaceExecutable.Variable] = null,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["TERM"] = "dumb",
            },
            Timeout = TimeSpan.FromMinutes(2),
        };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, TestContext.Current.CancellationToken);
        result.TimedOut.ShouldBeFalse();
        return new PaceRun(result.ExitCode, stdout, stderr);
    }

    /// <summary>The same commands in this process, for the many fast cases; output is as when redirected.</summary>
    public static PaceRun RunInProcess(string workingFolder, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = PaceCli.Run(args, new CliContext(stdout, stderr, workingFolder, IsTerminal: false, new FixedClock(Now)));
        return new PaceRun(code, stdout.ToString(), stderr.ToString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
