namespace Pace.Cli;

/// <summary>What a command may touch of the outside world; tests give their own writers and folder.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, string WorkingFolder, bool IsTerminal, TimeProvider Clock)
{
    public static CliContext FromProcess() => new(
        Console.Out,
        Console.Error,
        Environment.CurrentDirectory,
        IsTerminal: !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb",
        TimeProvider.System);
}
