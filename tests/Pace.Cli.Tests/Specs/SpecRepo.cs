using System.Text.Json;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Specs;

/// <summary>
/// A git repository with a native spec of three waves (a and b in parallel, then c, then d), a
/// tiny test runner as its check, and scripted command agents outside the repository: agent.sh
/// does what agent/ROLE-TASK.sh (or ROLE.sh) says, reviewer.sh asks for changes in the first
/// review of wave 1 and approves otherwise. Tasks a and b both add shared.txt, so merging b into
/// wave 1 after a conflicts: b runs again on the wave branch, where it appends its line to a's.
/// Pace runs on it as a real process.
/// </summary>
internal sealed class SpecRepo : IDisposable
{
    private readonly TempFolder _temp = new();

    public SpecRepo(string reviewer = "reviewer")
    {
        Folder = _temp.Folder("repo");
        AgentFolder = _temp.Folder("agent");
        Script("agent.sh", """
            #!/bin/sh
            prompt=$(cat)
            role=$(printf '%s\n' "$prompt" | sed -n 's/^Pace role: //p' | head -n 1)
            task=$(printf '%s\n' "$prompt" | sed -n 's/^Task: //p' | head -n 1)
            dir=$(dirname "$0")
            echo "$role $task" >> "$dir/sessions.log"
            if [ -f "$dir/$role-$task.sh" ]; then . "$dir/$role-$task.sh"; elif [ -f "$dir/$role.sh" ]; then . "$dir/$role.sh"; fi
            echo "Done with $role $task; all tests pass."
            """);
        Script("reviewer.sh", """
            #!/bin/sh
            prompt=$(cat)
            wave=$(printf '%s\n' "$prompt" | sed -n 's/^Wave: \([0-9]*\).*/\1/p' | head -n 1)
            cycle=$(printf '%s\n' "$prompt" | sed -n 's/^Review cycle: //p' | head -n 1)
            echo "review wave $wave cycle $cycle" >> "$(dirname "$0")/sessions.log"
            echo "I looked at the diff."
            if [ "$wave" = 1 ] && [ "$cycle" = 1 ]; then
              echo '{"verdict": "changes_requested", "summary": "one fix", "blocking": [{"file": "a.txt", "line": 1, "comment": "add fixed.txt"}], "future": []}'
            else
              echo '{"verdict": "approved", "summary": "good", "blocking": [], "future": ["later"]}'
            fi
            """);
        Behave("task", "echo \"$task\" > \"$task.txt\"; mkdir -p tests; echo \"needs $task.txt\" > \"tests/$task.test\"");
        Behave("task-a", "echo a > shared.txt; echo a > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test");
        Behave("task-b", "echo b >> shared.txt; echo b > b.txt; mkdir -p tests; echo 'needs b.txt' > tests/b.test");
        Behave("fix", "echo fixed > fixed.txt");

        Write("specs/demo.json", """
            {
              "name": "demo",
              "tasks": [
                { "id": "a", "title": "Task a" },
                { "id": "b", "title": "Task b" },
                { "id": "c", "title": "Task c", "depends_on": ["a"] },
                { "id": "d", "title": "Task d", "depends_on": ["c", "b"], "checks": ["test -f d.txt"] }
              ]
            }
            """);
        Write("pace.json", $$"""
            {
              "pace": {
                "agent": "script",
                "agents": {
                  "script": { "type": "command", "command": "{{_temp["agent/agent.sh"]}}", "prompt": "stdin" },
                  "reviewer": { "type": "command", "command": "{{_temp["agent/reviewer.sh"]}}", "prompt": "stdin" }
                },
                "spec": { "reviewer": "{{reviewer}}", "maxParallel": 2, "pollIntervalSeconds": 1 },
                "session": { "timeoutMinutes": 4 },
                "checks": [ { "name": "tests", "run": "sh check.sh", "timeoutSeconds": 60 } ]
              }
            }
            """);
        Write("check.sh", LoopProject.CheckScript);
        Write("tests/base.test", "pass\n");
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("commit", "-q", "-m", "Initial project");
    }

    public string Folder { get; }

    public string AgentFolder { get; }

    public string StatePath => Path.Combine(Folder, ".pace", "specs", "demo", "state.json");

    public string JournalPath => Path.Combine(Folder, ".pace", "specs", "demo", "journal.jsonl");

    /// <summary>What the agent does in a role (task, fix), or for one task of a role (task-c).</summary>
    public void Behave(string name, string shell) => File.WriteAllText(Path.Combine(AgentFolder, name + ".sh"), shell + "\n");

    /// <summary>
    /// A shell line for a scripted agent: in the spec run's first invocation, wait (at most 120 s, half
    /// the session limit: a loaded machine running the whole suite has taken over 30 s to reach a step)
    /// until its journal has <paramref name="step"/>; a resumed run does not wait, since a crash may
    /// have made the step unreachable.
    /// </summary>
    public string WaitForStep(string step) =>
        $"i=0; while [ $i -lt 1200 ] && ! grep -q '\"{step}\"' '{JournalPath}' && [ \"$(grep -c '\"step\":\"run-requested' '{JournalPath}')\" -lt 2 ]; do sleep 0.1; i=$((i+1)); done";

    public string Sessions() => File.Exists(Path.Combine(AgentFolder, "sessions.log")) ? File.ReadAllText(Path.Combine(AgentFolder, "sessions.log")) : "";

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Folder, relative));

    public string Git(params string[] args) => new LoopProjectGit(Folder).Run(args).Trim();

    public IReadOnlyList<string> Branches() => Git("for-each-ref", "--format=%(refname:short)", "refs/heads/").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public JsonElement State() => JsonDocument.Parse(File.ReadAllText(StatePath)).RootElement.Clone();

    /// <summary>The state without times, for comparing runs: phase, waves, history (wave, PR, status, cycles, cleaned).</summary>
    public string StateSummary()
    {
        var state = State();
        var history = state.GetProperty("history").EnumerateArray().Select(h =>
            $"{h.GetProperty("wave")}:{h.GetProperty("pr_number")}:{h.GetProperty("status")}:{h.GetProperty("review_cycles")}:{h.GetProperty("branch_cleaned")}");
        return $"{state.GetProperty("phase")} wave {state.GetProperty("current_wave")}/{state.GetProperty("total_waves")} [{string.Join(", ", history)}]";
    }

    public Task<PaceRun> RunAsync(params string[] args) => RunAsync(null, args);

    public Task<PaceRun> RunAsync(IReadOnlyDictionary<string, string?>? extra, params string[] args) => PaceProcess.RunAsync(Folder, extra, args);

    public void Dispose() => _temp.Dispose();

    private void Script(string name, string text)
    {
        var path = _temp.Write("agent/" + name, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
