using System.Diagnostics;
using System.Text;

namespace Pace.EndToEnd.Tests.Loop;

public sealed partial class PaceProject
{
    /// <summary>
    /// `pace worker` as a process of its own with the sandbox's environment (the real CLIs, the
    /// scripted server, the key) and a cache under the sandbox; dispose it to stop it as Ctrl-C does.
    /// </summary>
    public FleetWorker StartWorker(string connection, string name)
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Sandbox.Root };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "pace.dll"), "worker", "--fleet", connection, "--name", name, "--cache", Path.Combine(Sandbox.Root, name) })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in Sandbox.Environment(Server))
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        start.Environment[SampleProject.SecretVariable] = Sandbox.ApiKey;
        return new FleetWorker(Process.Start(start)!);
    }

    public sealed class FleetWorker : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public FleetWorker(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

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

        public async Task ReadyAsync()
        {
            for (var waited = 0; waited < 600 && !Output.Contains("waiting for work", StringComparison.Ordinal); waited++)
            {
                _process.HasExited.ShouldBeFalse(Output);
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            Output.ShouldContain("waiting for work");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
                using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await _process.WaitForExitAsync(bounded.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
