using System.Globalization;
using System.Text;
using Pace.Adapters.Processes;
using Pace.Core.Ports;
using Pace.Core.Verification;

using Pace.Adapters.Security;

namespace Pace.Adapters.Verification;

/// <summary>
/// Runs a check as <c>sh -c COMMAND</c> in the session's tree with a closed standard input; at its
/// timeout the whole process group is killed. Standard output and error go, interleaved by line and
/// with secrets redacted, to <c>OUTPUT/NAME.log</c> as they come; only a bounded tail and the totals'
/// counters stay in memory.
/// </summary>
public sealed class CheckRunner : ICheckRunner
{
    /// <summary>How much of the end of the output <see cref="CheckResult.OutputTail"/> keeps.</summary>
    public const int TailLength = 4096;

    private readonly IReadOnlyDictionary<string, string?> _environment;

    /// <param name="environment">Variables for the checks on top of Pace's own; a null value removes one.</param>
    public CheckRunner(IReadOnlyDictionary<string, string?>? environment = null)
    {
        _environment = environment ?? new Dictionary<string, string?>();
        Secrets.Learn(_environment);
    }

    public async Task<CheckResult> RunAsync(CheckSpec check, string workingFolder, string outputFolder, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(check.Timeout, TimeSpan.Zero, nameof(check));
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(outputFolder);
        var logPath = Path.Combine(outputFolder, LogFileName(check.Name));
        using var log = new CheckLog(logPath, TailLength);
        if (!Directory.Exists(workingFolder))
        {
            log.Note($"cannot run '{check.Name}': the folder {workingFolder} does not exist");
            return NotRun(check, logPath, log);
        }

        var spec = new ProcessSpec("sh", ["-c", check.Command], workingFolder)
        {
            Environment = _environment,
            Timeout = check.Timeout,
        };

        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(spec, log.Write, log.Write, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException e)
        {
            log.Note(e.Message);
            return NotRun(check, logPath, log);
        }

        if (result.Cancelled)
        {
            log.Note("interrupted; the check was killed");
            throw new OperationCanceledException(cancellationToken);
        }

        if (result.TimedOut)
        {
            log.Note($"timed out after {check.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s; the check and its children were killed");
        }

        return new CheckResult(
            check.Name,
            check.Command,
            result.TimedOut ? null : result.ExitCode,
            result.TimedOut,
            result.Duration,
            log.Totals,
            logPath,
            log.Tail);
    }

    /// <summary>A file name from a check's name: letters, digits, dot, dash and underscore kept, the rest a dash.</summary>
    public static string LogFileName(string checkName)
    {
        var name = new StringBuilder(checkName.Length + 4);
        foreach (var c in checkName)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        var stem = name.ToString().Trim('.', '-');
        return (stem.Length == 0 ? "check" : stem) + ".log";
    }

    private static CheckResult NotRun(CheckSpec check, string logPath, CheckLog log) =>
        new(check.Name, check.Command, null, false, TimeSpan.Zero, null, logPath, log.Tail);
}
