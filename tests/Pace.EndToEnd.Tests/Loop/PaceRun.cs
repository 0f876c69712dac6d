namespace Pace.EndToEnd.Tests.Loop;

/// <summary>What one `pace` process left: its exit code and output.</summary>
public sealed record PaceRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
