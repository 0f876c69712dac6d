using System.Diagnostics;

namespace Pace.Adapters.Processes;

/// <summary>
/// Runs a child process with a closed (or given) standard input, streams its output line by line
/// without holding it in memory, and kills the child's whole process group on timeout or
/// cancellation. Agents and checks start helpers of their own; those must die with them.
/// </summary>
public static partial class ProcessRunner
{
    /// <summary>How long the output readers may go on after the child was killed (a grandchild may hold the pipe).</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public static async Task<ProcessResult> RunAsync(
        ProcessSpec spec,
        Action<string>? onStdoutLine = null,
        Action<string>? onStderrLine = null,
        CancellationToken cancellationToken = default)
    {
        var setsid = spec.OwnProcessGroup ? Setsid : null;
        EnsureExecutableExists(spec, setsid);
        using var process = new Process { StartInfo = StartInfoFor(spec, setsid) };
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProcessStartException($"cannot start '{spec.FileName}': {e.Message}", e);
        }

        spec.OnStarted?.Invoke(process.Id);

        var stdout = LineStream.PumpAsync(process.StandardOutput.BaseStream, spec.StdoutFile, onStdoutLine, spec.MaxLineLength);
        var stderr = LineStream.PumpAsync(process.StandardError.BaseStream, spec.StderrFile, onStderrLine, spec.MaxLineLength);
        await FeedInputAsync(process, spec.StandardInput).ConfigureAwait(false);

        using var timeout = new CancellationTokenSource();
        if (spec.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var timedOut = false;
        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancelled = cancellationToken.IsCancellationRequested;
            timedOut = !cancelled;
            KillTree(process, setsid is not null);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // The group may outlive the leader (a child that ignored the leader's exit): end it too.
        if (setsid is not null)
        {
            KillGroup(process.Id);
        }

        var drained = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(drained, Task.Delay(DrainGrace, CancellationToken.None)).ConfigureAwait(false) == drained)
        {
            await drained.ConfigureAwait(false);
        }

        return new ProcessResult(process.ExitCode, timedOut, cancelled, clock.Elapsed);
    }

    /// <summary>Runs a short command and returns its whole output; for git and other small helpers.</summary>
    public static async Task<(ProcessResult Result, string Stdout, string Stderr)> CaptureAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        var result = await RunAsync(spec, line => stdout.Append(line).Append('\n'), line => stderr.Append(line).Append('\n'), cancellationToken).ConfigureAwait(false);
        return (result, stdout.ToString(), stderr.ToString());
    }

    private static ProcessStartInfo StartInfoFor(ProcessSpec spec, string? setsid)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = spec.WorkingFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // A new session (and so a new process group) lets a kill reach every process the child starts.
        if (setsid is not null)
        {
            info.FileName = setsid;
            info.ArgumentList.Add(spec.FileName);
        }
        else
        {
            info.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Pace's forge credentials stay Pace's: an agent, a reviewer agent or a check steered by the
        // repository's content could otherwise approve, post a status or merge by itself. A process
        // that must have one (git's push) is given it explicitly in its own environment.
        foreach (var name in ForgeCredentials)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in spec.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    /// <summary>The variables Pace reads a forge token from (GitHub, GitHub Enterprise, the GitHub CLI's): never inherited by a child.</summary>
    public static IReadOnlyList<string> ForgeCredentials { get; } = ["GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"];

    private static async Task FeedInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited without reading its input; its exit code tells the rest.
        }
    }
}
