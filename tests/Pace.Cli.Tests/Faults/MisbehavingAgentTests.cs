namespace Pace.Cli.Tests.Faults;

/// <summary>Agents that misbehave as processes: hang, flood, print garbage, die mid-line, leave children behind.</summary>
public sealed class MisbehavingAgentTests
{
    [Fact]
    public async Task An_agent_that_hangs_is_stopped_at_the_time_limit_and_its_session_fails()
    {
        using var project = CrashPointTests.Scenario();
        Sessions.Configure(project, "\"timeoutMinutes\": 1", "\"timeoutMinutes\": 0.03");
        project.Behave("A-1", "echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test; sleep 600");

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        var (passed, reasons) = Sessions.Verdict(project, 1);
        passed.ShouldBeFalse();
        reasons.ShouldContain("time limit");
        project.Git("show", "refs/pace/attempts/A-1/1:A-1.txt").ShouldBe("done\n");
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_agent_that_floods_its_output_is_streamed_to_the_transcript_and_judged_as_usual()
    {
        using var project = CrashPointTests.Scenario();
        project.Implements("A-1");
        project.Behave("A-1", "yes 'a line of noise from a very talkative agent' | head -n 400000; echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test");

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        Sessions.Verdict(project, 1).Passed.ShouldBeTrue();
        new FileInfo(Path.Combine(project.Folder, ".pace/sessions/0001/transcript.jsonl")).Length.ShouldBeGreaterThan(400_000 * 40);
    }

    [Theory]
    [InlineData("echo '{\"type\":\"result\",\"is_error\":fals'; echo '{{{'; echo '[1,2'")]
    [InlineData("printf '{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"half'; kill -9 $$")]
    public async Task An_agent_that_prints_invalid_json_or_dies_mid_line_is_judged_by_its_work_alone(string output)
    {
        using var project = CrashPointTests.Scenario();
        project.Behave("A-1", "echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test; " + output);

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        Sessions.Verdict(project, 1).Passed.ShouldBeTrue();
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
    }

    [Fact]
    public async Task A_child_the_agent_leaves_running_is_killed_and_cannot_write_into_the_tree_afterwards()
    {
        using var project = CrashPointTests.Scenario();
        var pidFile = Path.Combine(project.AgentFolder, "child.pid");
        project.Behave("A-1", $$"""
            date >> late.txt
            (while true; do date >> late.txt; sleep 0.05; done) </dev/null >/dev/null 2>&1 &
            echo $! > {{pidFile}}
            echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test
            """);

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        var pid = File.ReadAllText(pidFile).Trim();
        IsRunning(pid).ShouldBeFalse($"the agent's child {pid} still runs");
        project.Git("status", "--porcelain", "--untracked-files=all").ShouldBeEmpty();
        var committed = project.Git("show", "HEAD:late.txt");
        project.Read("late.txt").ShouldBe(committed);
    }

    /// <summary>Alive and not a zombie (a zombie writes nothing; its parent may be a reaper that is slow to collect it).</summary>
    private static bool IsRunning(string pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        var text = File.ReadAllText(stat);
        return text[(text.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
    }
}
