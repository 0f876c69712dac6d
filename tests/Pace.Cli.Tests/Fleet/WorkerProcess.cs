using System.Diagnostics;
using System.Text;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Fleet;

/// <summary>`pace worker` as a process of its own, as on a worker host: stopped with Ctrl-C (SIGINT), or killed like kill -9 with everything it started.</summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a worker named <paramref name="name"/> with its own cache under <paramref name="folder"/>, with the test repositories' git settings.</summary>
    public static WorkerProcess Start(string connection, string name, string folder, params string[] extra) => StartOn(null, connection, name, folder, extra);

    /// <summary>As <see cref="Start"/>, on a host of <paramref name="hosts"/> (its network namespace), with PACE_TEST_HOST naming it for the agents.</summary>
    public static WorkerProcess StartOn(NetworkHosts? hosts, string connection, string name, string folder, params string[] extra)
    {
        var (fileName, arguments) = PaceExecutable.Command(["worker", "--fleet", connection, "--name", name, "--cache", Path.Combine(folder, name), .. extra]);
        if (hosts is not null)
        {
            (fileName, arguments) = hosts.On(name, fileName, arguments);
        }

        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in LoopProject.Environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["PACE_TEST_HOST"] = name;

        start.Environment.Remove(PaceExecutable.Variable);
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, name);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker says it waits for work (it has registered and listens).</summary>
    public async Task ReadyAsync()
    {
        for (var waited = 0; waited < 600 && !Output.Contains("waiting for work", StringComparison.Ordinal); waited++)
        {
            _process.HasExited.ShouldBeFalse(Output);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Output.ShouldContain("waiting for work");
    }

    /// <summary>Ctrl-C: the worker hands back what it holds and stops; its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }

        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(bounded.Token);
        return _process.ExitCode;
    }

    /// <summary>The worker process frozen (SIGSTOP) or thawed (SIGCONT), as a host cut off from the network and back: its agent runs on, it reaches nothing meanwhile.</summary>
    public void Signal(string signal) =>
        Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>Waits (bounded) until the worker's output holds one of <paramref name="texts"/>.</summary>
    public async Task SaysAsync(params string[] texts)
    {
        for (var waited = 0; waited < 600 && !texts.Any(t => Output.Contains(t, StringComparison.Ordinal)); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        texts.Any(t => Output.Contains(t, StringComparison.Ordinal)).ShouldBeTrue(Output);
    }

    /// <summary>kill -9 of the worker alone: its agent, in a process group of its own, runs on.</summary>
    public void KillAlone()
    {
        Signal("KILL");
        _process.WaitForExit();
    }

    /// <summary>Like kill -9 of the host's processes: no hand-back, no report; its agent dies with it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal("CONT");
            await StopAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
