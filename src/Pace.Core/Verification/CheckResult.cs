namespace Pace.Core.Verification;

/// <summary>
/// What one check did. <paramref name="ExitCode"/> is null when the command did not end by itself
/// (it timed out, was not started). <paramref name="OutputPath"/> holds the whole output (stdout and
/// stderr interleaved, secrets redacted); <paramref name="OutputTail"/> only its last few kilobytes.
/// </summary>
public sealed record CheckResult(
    string Name,
    string Command,
    int? ExitCode,
    bool TimedOut,
    TimeSpan Duration,
    TestTotals? Totals,
    string OutputPath,
    string OutputTail)
{
    public bool Passed => ExitCode == 0 && !TimedOut;
}
