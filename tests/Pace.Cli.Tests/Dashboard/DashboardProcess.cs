using System.Diagnostics;
using System.Text;
using Pace.Adapters.Processes;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Dashboard;

/// <summary>
/// `pace dashboard --port 0` started as a separate process (<see cref="PaceExecutable"/>: pace.dll,
/// or the native binary in the second pass of scripts/test.sh) in a project, until disposed, which
/// stops it with Ctrl-C (SIGINT) as a person would. <see cref="Url"/> is the address it printed.
/// </summary>
internal sealed class DashboardProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _disposed;

    private DashboardProcess(Process process) => _process = process;

    public string Url { get; private set; } = "";

    /// <summary>Everything the process printed so far, both streams.</summary>
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

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public static async Task<DashboardProcess> StartAsync(string folder, IReadOnlyDictionary<string, string?>? extra = null, params string[] options)
    {
        var (file, arguments) = PaceExecutable.Command(["dashboard", "--port", "0", .. options]);
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (k, v) in LoopProject.Environment.Concat(extra ?? new Dictionary<string, string?>()))
        {
            start.Environment[k] = v;
        }

        start.Environment.Remove(PaceExecutable.Variable);
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        var dashboard = new DashboardProcess(process);
        dashboard.Read(process.StandardOutput);
        dashboard.Read(process.StandardError);
        var ready = await Task.WhenAny(dashboard._url.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != dashboard._url.Task)
        {
            await dashboard.DisposeAsync();
            throw new InvalidOperationException("the dashboard printed no address:\n" + dashboard.Output);
        }

        dashboard.Url = await dashboard._url.Task;
        return dashboard;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            ProcessRunner.Interrupt(_process.Id);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Read(StreamReader reader) => _ = Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.Append(line).Append('\n');
            }

            var at = line.IndexOf("http://", StringComparison.Ordinal);
            if (at >= 0)
            {
                _url.TrySetResult(line[at..].Split(' ')[0]);
            }
        }
    });
}
