namespace Pace.Cli;

/// <summary>What a command may touch of the outside world; tests give their own writers and folder.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, string WorkingFolder, bool IsTerminal, TimeProvider Clock)
{
    /// <summary>Whether Ctrl-C and SIGTERM are turned into <see cref="Cancellation"/> (only for the real process: tests must not take over the test host's signals).</summary>
    public bool HandleSignals { get; init; }

    /// <summary>Cancelled by the first SIGINT or SIGTERM; long-running commands stop cleanly on it.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>This context with both writers behind the process's redactor: every command writes through it (docs/secrets.md).</summary>
    public CliContext Redacted() => this with
    {
        Out = Pace.Adapters.Security.RedactingWriter.Around(Out),
        Error = Pace.Adapters.Security.RedactingWriter.Around(Error),
    };

    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        Environment.CurrentDirectory,
        IsTerminal: !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb",
        TimeProvider.System)
    {
        HandleSignals = true,
    };
}
