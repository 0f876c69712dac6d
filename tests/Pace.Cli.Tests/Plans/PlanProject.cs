using Pace.Adapters.Processes;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Plans;

/// <summary>
/// A git repository with a description and a scripted command agent outside it: session N saves
/// its prompt as agent/prompt-N.txt and copies agent/answer-N.json (when there is one) to the
/// file Pace names in PACE_PLAN_FILE.
/// </summary>
internal sealed class PlanProject : IDisposable
{
    private readonly TempFolder _temp = new();

    public PlanProject()
    {
        Folder = _temp.Folder("repo");
        _temp.Folder("agent");
        _temp.Write("agent/agent.sh", """
            #!/bin/sh
            dir=$(dirname "$0")
            n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$dir/count"
            cat > "$dir/prompt-$n.txt"
            if [ -f "$dir/answer-$n.json" ]; then cp "$dir/answer-$n.json" "$PACE_PLAN_FILE"; fi
            echo "I wrote the plan."
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_temp["agent/agent.sh"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Write("pace.json", $$"""
            {
              "pace": {
                "agent": "script",
                "agents": { "script": { "type": "command", "command": "{{_temp["agent/agent.sh"]}}", "prompt": "stdin" } },
                "session": { "timeoutMinutes": 1 }
              }
            }
            """);
        Write("DESCRIPTION.md", "# Shop\n\nA small shop: people log in, fill a cart and check out.\n");
        new LoopProjectGit(Folder).Run("init", "-q", "-b", "main");
    }

    public string Folder { get; }

    /// <summary>What the agent answers in session <paramref name="n"/>.</summary>
    public void Answer(int n, string json) => _temp.Write($"agent/answer-{n}.json", json);

    /// <summary>How many sessions the agent had.</summary>
    public int Sessions => File.Exists(_temp["agent/count"]) ? int.Parse(_temp.Text("agent/count").Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    public string Prompt(int n) => _temp.Text($"agent/prompt-{n}.txt");

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Folder, relative));

    public bool Exists(string relative) => File.Exists(Path.Combine(Folder, relative));

    public async Task<PaceRun> RunAsync(params string[] args)
    {
        var environment = new Dictionary<string, string?>(LoopProject.Environment) { [PaceExecutable.Variable] = null };
        var (fileName, arguments) = PaceExecutable.Command(args);
        var spec = new ProcessSpec(fileName, arguments, Folder) { Environment = environment, Timeout = TimeSpan.FromMinutes(2) };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, TestContext.Current.CancellationToken);
        result.TimedOut.ShouldBeFalse();
        return new PaceRun(result.ExitCode, stdout, stderr);
    }

    public void Dispose() => _temp.Dispose();
}
