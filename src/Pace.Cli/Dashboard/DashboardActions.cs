using System.Diagnostics;
using Pace.Adapters.Processes;
using Pace.Adapters.Storage;
using Pace.Cli.Commands;
using Pace.Core.Diagnostics;

namespace Pace.Cli.Dashboard;

/// <summary>
/// What a person can do from the page, each by the same code as its command, so that the dashboard
/// writes no state of its own: a review is <c>pace review</c>'s; the final merge starts
/// <c>pace spec run NAME --yes</c> as a process; stop sends the run's holder SIGTERM, which Pace
/// handles as Ctrl-C.
/// </summary>
internal sealed class DashboardActions
{
    /// <summary>How long a started command is waited for before the page is told it runs.</summary>
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(3);

    private readonly CliContext _context;
    private readonly string _root;

    public DashboardActions(CliContext context, string root)
    {
        _context = context;
        _root = root;
    }

    /// <summary>An action's answer: whether it was done, and what to tell the person.</summary>
    public sealed record Outcome(bool Done, string Message);

    public async Task<Outcome> ReviewAsync(string spec, bool approve, string? text, CancellationToken cancellationToken)
    {
        try
        {
            return new Outcome(true, await ReviewCommand.PostAsync(_context, spec, approve, text, cancellationToken).ConfigureAwait(false));
        }
        catch (InputException e)
        {
            return new Outcome(false, e.Message);
        }
    }

    /// <summary>
    /// Starts <c>pace spec run SPEC --yes</c> in the project (only when its state waits for that
    /// confirmation; the run itself checks everything again) and waits a moment: a run that ends at
    /// once (refused, or the merge done) is reported with its exit code and last lines.
    /// </summary>
    public async Task<Outcome> ConfirmMergeAsync(string spec, bool waiting, CancellationToken cancellationToken)
    {
        if (!waiting)
        {
            return new Outcome(false, $"spec {spec} does not wait for the final merge's confirmation");
        }

        var (file, arguments) = Self(["spec", "run", spec, "--yes"]);
        // In a session of its own: a Ctrl-C in the dashboard's terminal stops the dashboard, not this run.
        if (ProcessRunner.SessionLeader is { } setsid)
        {
            (file, arguments) = (setsid, [file, .. arguments]);
        }

        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = _context.WorkingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Not disposed here: a run that goes on past the wait keeps its output drained until it ends.
        var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
        process.StandardInput.Close();
        var output = new System.Text.StringBuilder();
        var outputDone = Collect(process.StandardOutput, output);
        var errorDone = Collect(process.StandardError, output);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartWait);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await Task.WhenAll(outputDone, errorDone).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _ = Task.WhenAll(process.WaitForExitAsync(CancellationToken.None), outputDone, errorDone).ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
            return new Outcome(true, $"started 'pace spec run {spec} --yes' (pid {process.Id}); the page follows it");
        }

        var exitCode = process.ExitCode;
        process.Dispose();
        string text;
        lock (output)
        {
            text = output.ToString().Trim();
        }

        var tail = string.Join('\n', text.Split('\n').TakeLast(6));
        return new Outcome(exitCode == ExitCodes.Ok, $"'pace spec run {spec} --yes' ended with exit code {exitCode}:\n{tail}");
    }

    /// <summary>Stops the process holding the repository's lock (a run on this host) as Ctrl-C in its terminal would: its state saved.</summary>
    public Outcome Stop()
    {
        if (RunLock.Peek(_root) is not { } held || !held.Running)
        {
            return new Outcome(false, "no run holds this repository's lock");
        }

        if (held.Holder.Host != Environment.MachineName)
        {
            return new Outcome(false, $"the run ({held.Holder}) is on another host; stop it there");
        }

        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return new Outcome(false, "stopping a run from the page needs Linux or macOS");
        }

        // SIGTERM, not SIGINT: a run a script started in the background ignores SIGINT, and Pace handles both alike.
        if (!ProcessRunner.Terminate(held.Holder.Pid))
        {
            return new Outcome(false, $"could not signal pid {held.Holder.Pid}");
        }

        return new Outcome(true, $"sent the stop signal to '{held.Holder.Command}' (pid {held.Holder.Pid}); it stops as after Ctrl-C, with its state saved, and the same command resumes it");
    }

    /// <summary>This program and the arguments that run it again: the native binary or apphost itself, or 'dotnet pace.dll'.</summary>
    private static (string File, IReadOnlyList<string> Arguments) Self(IReadOnlyList<string> args)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("the program's path is unknown");
        if (Path.GetFileNameWithoutExtension(path) == "dotnet" && Environment.GetCommandLineArgs() is [var dll, ..] && dll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return (path, [dll, .. args]);
        }

        return (path, args);
    }

    private static Task Collect(StreamReader reader, System.Text.StringBuilder into) => Task.Run(async () =>
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (into)
            {
                if (into.Length < 64 * 1024)
                {
                    into.Append(line).Append('\n');
                }
            }
        }
    });
}
