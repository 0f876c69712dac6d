using System.Globalization;
using Pace.Adapters.Processes;

namespace Pace.Adapters.Notifications;

/// <summary>
/// pace.notify.command: <c>sh -c COMMAND</c> in the repository, the notice as JSON on standard input
/// and PACE_EVENT_* in the environment. It runs in a process group of its own, so a timeout ends it
/// and everything it started; its output is not kept, save its last line of standard error for the log.
/// </summary>
internal sealed class CommandTarget(string command, string folder) : INoticeTarget
{
    public string Name => "notify command";

    public async Task<string?> SendAsync(Outgoing outgoing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec("sh", ["-c", command], folder)
        {
            Environment = outgoing.Variables,
            StandardInput = outgoing.Json + "\n",
            Timeout = timeout,
            MaxLineLength = 400,
        };
        string? last = null;
        var result = await ProcessRunner.RunAsync(spec, onStdoutLine: null, onStderrLine: line => last = line.Trim().Length > 0 ? line.Trim() : last, cancellationToken).ConfigureAwait(false);
        if (result.TimedOut)
        {
            return $"it did not finish in {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s and was ended with everything it started";
        }

        if (result.Cancelled)
        {
            return "it was ended: Pace is exiting";
        }

        return result.ExitCode == 0 ? null : $"it exited with code {result.ExitCode}{(last is null ? "" : ": " + last)}";
    }
}
