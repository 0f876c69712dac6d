using System.Text.RegularExpressions;
using Pace.Adapters.Processes;

namespace Pace.Cli.Tests.Loop;

public sealed partial class ResumeTests
{
    public static TheoryData<string> Steps() =>
    [
        "run-started", "baseline-measured", "session-started:1", "agent-finished:1", "verified:1", "committed:1", "session-finished:1",
        "session-started:2", "agent-finished:2", "verified:2", "committed:2", "session-finished:2", "run-finished",
    ];

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task I_can_resume_a_run_killed_at_any_step_and_it_ends_as_if_never_interrupted(string step)
    {
        using var reference = Project();
        (await reference.RunAsync("run", "--until-complete")).ExitCode.ShouldBe(0);

        using var project = Project();
        var crashed = await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = step }, "run", "--until-complete");
        crashed.ExitCode.ShouldBe(137, crashed.ToString());
        var resumed = await project.RunAsync("run", "--until-complete");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        project.Subjects().ShouldBe(reference.Subjects());
        Normalise(project.Read("feature_list.json")).ShouldBe(Normalise(reference.Read("feature_list.json")));
        Normalise(project.Read("progress.txt")).ShouldBe(Normalise(reference.Read("progress.txt")));
        project.Git("status", "--porcelain").ShouldBeEmpty();
        project.Git("diff", "HEAD~2", "HEAD", "--stat", "--", ".", ":!feature_list.json", ":!progress.txt")
            .ShouldBe(reference.Git("diff", "HEAD~2", "HEAD", "--stat", "--", ".", ":!feature_list.json", ":!progress.txt"));
    }

    [Fact]
    public async Task A_second_run_is_refused_while_one_runs_and_a_killed_runs_lock_is_taken_over()
    {
        using var project = new LoopProject("A-1");
        project.Behave("A-1", "echo started > ../agent/started; sleep 60", attempt: 1);
        project.Implements("A-1");
        using var stop = new CancellationTokenSource();
        var first = project.RunAsync(null, stop.Token, "run", "--until-complete");
        await WaitForAsync(() => File.Exists(Path.Combine(project.AgentFolder, "started")));

        var second = await project.RunAsync("run");

        second.ExitCode.ShouldBe(2, second.ToString());
        second.Stderr.ShouldContain("another Pace is running in this repository");
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(first);

        var third = await project.RunAsync("run", "--until-complete");
        third.ExitCode.ShouldBe(0, third.ToString());
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
        project.Read("tests/A-1.test").Trim().ShouldBe("needs A-1.txt");
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task Ctrl_C_kills_the_agent_restores_the_tree_saves_the_state_and_the_next_run_finishes(string signal, int expectedExit)
    {
        using var project = new LoopProject("A-1");
        // The agent's parent is pace itself: the agent tells the test whom to signal, then waits to be killed.
        project.Behave("A-1", "echo partial > A-1.txt; echo $PPID > ../agent/pace.pid; sleep 60", attempt: 1);
        project.Implements("A-1");
        var run = project.RunAsync("run", "--until-complete");
        var pidFile = Path.Combine(project.AgentFolder, "pace.pid");
        await WaitForAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'));

        var kill = await ProcessRunner.CaptureAsync(new ProcessSpec("kill", [$"-{signal}", File.ReadAllText(pidFile).Trim()], project.Folder), TestContext.Current.CancellationToken);
        kill.Result.ExitCode.ShouldBe(0);
        var interrupted = await run;

        interrupted.ExitCode.ShouldBe(expectedExit, interrupted.ToString());
        project.Git("status", "--porcelain").ShouldBeEmpty();
        project.Exists("A-1.txt").ShouldBeFalse();
        project.Git("show", "refs/pace/interrupted/A-1/1:A-1.txt").Trim().ShouldBe("partial");
        project.Read(".pace/run/state.json").ShouldContain("\"phase\": \"Started\"");

        var resumed = await project.RunAsync("run", "--until-complete");
        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stdout.ShouldContain("Resuming run");
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
    }

    [Fact]
    public async Task A_SIGTERM_during_verification_exits_143_with_the_tree_restored_and_the_resume_verifies_the_work_again()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");
        // The agent's parent is pace: it leaves pace's pid. The check (not run for the baseline, before any agent)
        // sends SIGTERM once, then waits to be killed, so the signal comes while Pace verifies.
        project.Behave("A-1", "echo $PPID > ../agent/pace.pid; echo done > A-1.txt; mkdir -p tests; echo 'needs A-1.txt' > tests/A-1.test", attempt: 1);
        var term = Path.Combine(project.AgentFolder, "term-once.sh");
        File.WriteAllText(term, "dir=$(dirname \"$0\")\nif [ -f \"$dir/pace.pid\" ] && [ ! -f \"$dir/termed\" ]; then touch \"$dir/termed\"; kill -TERM $(cat \"$dir/pace.pid\"); sleep 60; fi\n");
        project.Write("pace.json", project.Read("pace.json").Replace("\"run\": \"sh check.sh\"", $"\"run\": \"sh {term} && sh check.sh\"", StringComparison.Ordinal));
        project.Git("commit", "-qam", "check that signals Pace");

        var interrupted = await project.RunAsync("run", "--until-complete");

        interrupted.ExitCode.ShouldBe(143, interrupted.ToString());
        File.Exists(Path.Combine(project.AgentFolder, "termed")).ShouldBeTrue();
        project.Git("status", "--porcelain", "--untracked-files=all").ShouldBeEmpty();
        project.Exists("A-1.txt").ShouldBeFalse();
        project.Git("show", "refs/pace/unverified/A-1/1:A-1.txt").Trim().ShouldBe("done");
        project.Read(".pace/run/state.json").ShouldContain("\"phase\": \"AgentFinished\"");

        var resumed = await project.RunAsync("run", "--until-complete");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        File.ReadAllText(Path.Combine(project.AgentFolder, "count-A-1")).Trim().ShouldBe("1", "the agent ran once: its work was verified again, not redone");
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "check that signals Pace", "Initial project"]);
        project.Git("show", "HEAD:A-1.txt").Trim().ShouldBe("done");
        project.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_resumed_run_takes_the_session_limit_of_the_new_command_line_and_says_so()
    {
        using var project = Project();
        var killed = await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "session-started:1" }, "run", "--until-complete");
        killed.ExitCode.ShouldBe(137, killed.ToString());

        var resumed = await project.RunAsync("run", "--max-sessions", "1");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stdout.ShouldContain("Resuming the interrupted run: --max-sessions 1 from this command line replaces the run's limits (agent script, until every feature passes");
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);

        var next = await project.RunAsync("run");
        next.ExitCode.ShouldBe(0, next.ToString());
        next.Stdout.ShouldNotContain("Resuming");
        project.Subjects().Count.ShouldBe(3);
    }

    private static LoopProject Project()
    {
        var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Implements("B-2");
        return project;
    }

    private static string Normalise(string text) => Dates().Replace(text, "<date>");

    [Fact]
    public async Task A_session_finished_by_a_resumed_run_reports_the_time_it_took_in_this_run_not_since_year_one()
    {
        using var project = Project();
        (await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "agent-finished:1" }, "run", "--until-complete")).ExitCode.ShouldBe(137);

        var resumed = await project.RunAsync("run", "--until-complete");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        var took = System.Text.RegularExpressions.Regex.Match(resumed.Stdout, @"Session 1: PASSED, .* \(([0-9.]+)s\)");
        took.Success.ShouldBeTrue(resumed.Stdout);
        double.Parse(took.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(600);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [GeneratedRegex("\"last_updated\": \"[^\"]*\"|\\*\\*Date:\\*\\* .*")]
    private static partial Regex Dates();
}
