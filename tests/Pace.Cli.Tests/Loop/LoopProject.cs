using System.Text;
using Pace.Adapters.Processes;

namespace Pace.Cli.Tests.Loop;

/// <summary>
/// A git repository with a feature list, a tiny test runner as its check, and a scripted command
/// agent outside the repository. Pace runs on it as a real process, with isolated git settings.
/// Each feature's behaviour is a shell snippet the agent sources: agent/ID.sh, or agent/ID.N.sh for attempt N.
/// </summary>
internal sealed class LoopProject : IDisposable
{
    private readonly TempFolder _temp = new();

    public LoopProject(params string[] featureIds)
    {
        Folder = _temp.Folder("repo");
        AgentFolder = _temp.Folder("agent");
        _temp.Write("agent/agent.sh", """
            #!/bin/sh
            prompt=$(cat)
            id=$(printf '%s\n' "$prompt" | sed -n 's/^Feature \([^ ]*\) (.*/\1/p' | head -n 1)
            dir=$(dirname "$0")
            n=$(( $(cat "$dir/count-$id" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$dir/count-$id"
            if [ -f "$dir/$id.$n.sh" ]; then . "$dir/$id.$n.sh"; elif [ -f "$dir/$id.sh" ]; then . "$dir/$id.sh"; fi
            echo "I implemented $id and all tests pass."
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_temp["agent/agent.sh"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var features = string.Join(",\n", featureIds.Select((id, i) => $$"""
                { "id": "{{id}}", "category": "core", "description": "Feature {{id}}", "priority": "high", "steps": ["tests/{{id}}.test passes"], "passes": false, "owner": "team-{{i}}" }
            """));
        Write("feature_list.json", $$"""
            {
              "features": [
            {{features}}
              ],
              "metadata": { "project_name": "loop-test", "total_features": {{featureIds.Length}}, "passing": 0, "failing": {{featureIds.Length}}, "last_updated": "2026-01-01T00:00:00.000Z" }
            }
            """);
        Write("pace.json", $$"""
            {
              "pace": {
                "orchestrator": { "maxSessions": 20, "maxFailures": 3, "sessionDelay": 0 },
                "agent": "script",
                "agents": { "script": { "type": "command", "command": "{{_temp["agent/agent.sh"]}}", "prompt": "stdin" } },
                "session": { "timeoutMinutes": 1 },
                "checks": [ { "name": "tests", "run": "sh check.sh", "timeoutSeconds": 60 } ]
              }
            }
            """);
        Write("check.sh", CheckScript);
        Write("tests/base.test", "pass\n");
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("commit", "-q", "-m", "Initial project");
    }

    /// <summary>
    /// The test projects' test runner (also SpecRepo's): a tests/*.test file holds "pass", "fail", or
    /// "needs FILE", a test of the code in FILE (it passes only where FILE exists, so an honest agent's
    /// test fails on the base without its code: red, then green).
    /// </summary>
    public const string CheckScript = """
        passed=0; failed=0
        for t in tests/*.test; do
          [ -f "$t" ] || continue
          need=$(sed -n 's/^needs //p' "$t")
          if [ -n "$need" ]; then
            if [ -f "$need" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
          elif grep -q pass "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
        done
        echo "$passed passed, $failed failed"
        [ "$failed" -eq 0 ]
        """;

    public string Folder { get; }

    public string AgentFolder { get; }

    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Pace Test",
        ["GIT_AUTHOR_EMAIL"] = "pace@test.invalid",
        ["GIT_COMMITTER_NAME"] = "Pace Test",
        ["GIT_COMMITTER_EMAIL"] = "pace@test.invalid",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["TERM"] = "dumb",
    };

    /// <summary>What the agent does for a feature (every attempt, or only attempt N).</summary>
    public void Behave(string featureId, string shell, int? attempt = null) =>
        File.WriteAllText(Path.Combine(AgentFolder, attempt is { } n ? $"{featureId}.{n}.sh" : $"{featureId}.sh"), shell + "\n");

    /// <summary>The honest implementation: the feature's file and a test of it (failing without the file).</summary>
    public void Implements(string featureId) =>
        Behave(featureId, $"echo done > {featureId}.txt; mkdir -p tests; echo 'needs {featureId}.txt' > tests/{featureId}.test");

    /// <summary>Gives a feature a depends_on list, committed as a person would before a run.</summary>
    public void DependsOn(string featureId, params string[] ids)
    {
        var lines = Read("feature_list.json").Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains($"\"id\": \"{featureId}\"", StringComparison.Ordinal));
        lines[at] = lines[at].Insert(lines[at].LastIndexOf(" }", StringComparison.Ordinal), $", \"depends_on\": [{string.Join(", ", ids.Select(i => $"\"{i}\""))}]");
        Write("feature_list.json", string.Join('\n', lines));
        Git("commit", "-q", "-am", $"{featureId} depends on {string.Join(", ", ids)}");
    }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Folder, relative));

    public bool Exists(string relative) => File.Exists(Path.Combine(Folder, relative));

    public string Git(params string[] args) => new LoopProjectGit(Folder).Run(args);

    public IReadOnlyList<string> Subjects() => new LoopProjectGit(Folder).Subjects();

    public Task<PaceRun> RunAsync(IReadOnlyDictionary<string, string?>? extra, params string[] args) =>
        RunAsync(extra, TestContext.Current.CancellationToken, args);

    /// <summary>Runs pace; cancelling kills it (and everything it started) like kill -9, and throws.</summary>
    public async Task<PaceRun> RunAsync(IReadOnlyDictionary<string, string?>? extra, CancellationToken cancellationToken, params string[] args)
    {
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            environment[k] = v;
        }

        environment[PaceExecutable.Variable] = null;
        var (fileName, arguments) = PaceExecutable.Command(args);
        var spec = new ProcessSpec(fileName, arguments, Folder)
        {
            Environment = environment,
            Timeout = TimeSpan.FromMinutes(3),
        };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        result.TimedOut.ShouldBeFalse();
        return new PaceRun(result.ExitCode, stdout, stderr);
    }

    public Task<PaceRun> RunAsync(params string[] args) => RunAsync(null, TestContext.Current.CancellationToken, args);

    public void Dispose() => _temp.Dispose();
}

/// <summary>git in a test's repository, with the isolated settings of <see cref="LoopProject.Environment"/>.</summary>
internal sealed class LoopProjectGit(string folder)
{
    public string Run(params string[] args)
    {
        var spec = new ProcessSpec("git", args, folder) { Environment = LoopProject.Environment, Timeout = TimeSpan.FromSeconds(30) };
        var (result, stdout, stderr) = ProcessRunner.CaptureAsync(spec).GetAwaiter().GetResult();
        result.ExitCode.ShouldBe(0, $"git {string.Join(' ', args)}: {stderr}");
        return stdout;
    }

    public IReadOnlyList<string> Subjects() => Run("log", "--format=%s").Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
