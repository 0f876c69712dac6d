using System.Text.Json;
using Pace.Adapters.Tests.Fleet;
using Pace.Cli.Tests.Faults;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Fleet;

/// <summary>
/// `pace run --fleet` with `pace worker` processes on this machine, a bare repository as the run's
/// remote and the test run's PostgreSQL (docs/fleet.md): the sessions run on the workers, the
/// coordinator integrates them.
/// </summary>
public sealed class FleetRunTests
{
    [Fact]
    public async Task A_feature_list_completes_on_two_workers_with_the_files_a_local_run_makes()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = Project(place, "a", "b", "c", "d");
        using var local = new LoopProject("a", "b", "c", "d");
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            // A second per session, so that both workers take some.
            fleet.Behave(id, $"sleep 1; echo done > {id}.txt; mkdir -p tests; echo 'needs {id}.txt' > tests/{id}.test");
            local.Implements(id);
        }

        await using var one = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await using var two = WorkerProcess.Start(database.ConnectionString, "host-2", place.Path);
        await one.ReadyAsync();
        await two.ReadyAsync();

        var run = await fleet.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");
        var alone = await local.RunAsync("run", "--parallel", "2", "--until-complete");

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{one.Output}\n--- host-2\n{two.Output}");
        alone.ExitCode.ShouldBe(0, alone.ToString());
        run.Stdout.ShouldContain("Features completed: 4");
        Files(fleet).ShouldBe(Files(local));
        Passing(fleet).ShouldBe(["a", "b", "c", "d"]);
        fleet.Subjects().Count(s => s.StartsWith("feat(core): ", StringComparison.Ordinal)).ShouldBe(4);
        one.Output.ShouldContain(": passed");
        two.Output.ShouldContain(": passed");
        for (var n = 1; n <= 4; n++)
        {
            // The evidence is the coordinator's; the transcript stays on the worker that ran the session.
            var transcript = Evidence(fleet, n).GetProperty("transcriptPath").GetString()!;
            transcript.ShouldStartWith(place.Path);
            File.Exists(transcript).ShouldBeTrue();
            Evidence(fleet, n).GetProperty("ranOn").GetProperty("worker").GetString().ShouldBeOneOf("host-1", "host-2");
        }

        // The finished run's bases and results are gone from the remote: what they held is here now.
        new LoopProjectGit(Path.Combine(place.Path, "remote.git")).Run("for-each-ref", "refs/pace/").Trim().ShouldBeEmpty();
        var shown = await fleet.RunAsync("evidence", "1");
        shown.Stdout.ShouldContain("on the host of worker host-");
        shown.Stdout.ShouldContain("I implemented");
    }

    [Fact]
    public async Task A_failed_session_comes_back_as_an_attempt_and_the_next_prompt_on_a_worker_says_why()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = Project(place, "a");
        fleet.Behave("a", "echo wrong > a.txt; mkdir -p tests; echo fail > tests/a.test", attempt: 1);
        fleet.Behave("a", "printf '%s' \"$prompt\" > \"$dir/prompt-2.txt\"; echo done > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test", attempt: 2);
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();

        var run = await fleet.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{worker.Output}");
        fleet.Git("show", "refs/pace/attempts/a/1:tests/a.test").Trim().ShouldBe("fail");
        var first = Evidence(fleet, 1);
        first.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        first.GetProperty("attemptRef").GetString().ShouldBe("refs/pace/attempts/a/1");
        File.ReadAllText(Path.Combine(fleet.AgentFolder, "prompt-2.txt")).ShouldContain("Session 1 worked on this feature and failed Pace's verification");
        Passing(fleet).ShouldBe(["a"]);
    }

    [Fact]
    public async Task A_worker_killed_mid_session_loses_its_claim_and_another_worker_does_the_session()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = Project(place, "a");
        fleet.Behave("a", "touch \"$dir/started\"; sleep 60", attempt: 1);
        fleet.Implements("a");
        var doomed = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path, "--lease", "3");
        await doomed.ReadyAsync();

        var running = fleet.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");
        await AppearsAsync(Path.Combine(fleet.AgentFolder, "started"));

        File.Exists(Path.Combine(fleet.AgentFolder, "started")).ShouldBeTrue(doomed.Output);
        doomed.Kill();
        doomed.Output.ShouldNotContain(": passed");
        await using var survivor = WorkerProcess.Start(database.ConnectionString, "host-2", place.Path, "--lease", "3");
        var run = await running;

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{doomed.Output}\n--- host-2\n{survivor.Output}");
        survivor.Output.ShouldContain("session 1 of run ");
        survivor.Output.ShouldContain("(a), claim 2");
        Evidence(fleet, 1).GetProperty("transcriptPath").GetString()!.ShouldStartWith(Path.Combine(place.Path, "host-2"));
        // Nothing of the dead worker's claim reached the remote (the run's own refs went when it finished).
        new LoopProjectGit(Path.Combine(place.Path, "remote.git")).Run("for-each-ref", "refs/pace/").Trim().ShouldBeEmpty();
        Passing(fleet).ShouldBe(["a"]);
        await doomed.DisposeAsync();
    }

    [Fact]
    public async Task A_worker_started_again_under_its_name_ends_the_agent_its_killed_run_left_and_the_session_is_done_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = Project(place, "a");
        fleet.Behave("a", "echo $$ > \"$dir/agent.pid\"; sleep 60", attempt: 1);
        fleet.Implements("a");
        var first = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path, "--lease", "3");
        await first.ReadyAsync();

        var running = fleet.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");
        var pidFile = Path.Combine(fleet.AgentFolder, "agent.pid");
        await AppearsAsync(pidFile);

        first.KillAlone();
        var agent = File.ReadAllText(pidFile).Trim();
        Alive(agent).ShouldBeTrue("the agent runs on after its worker was killed");
        await using var again = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path, "--lease", "3");
        var run = await running;

        run.ExitCode.ShouldBe(0, $"{run}\n--- first\n{first.Output}\n--- again\n{again.Output}");
        again.Output.ShouldContain("ended the agent (process group ");
        Alive(agent).ShouldBeFalse();
        Passing(fleet).ShouldBe(["a"]);
        await first.DisposeAsync();
    }

    [Fact]
    public async Task A_worker_cut_off_past_its_lease_comes_back_to_a_refused_report_and_nothing_lands_twice()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = Project(place, "a");
        fleet.Behave("a", "touch \"$dir/started\"; sleep 4; echo late > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test", attempt: 1);
        fleet.Implements("a");
        await using var cut = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path, "--lease", "3");
        await cut.ReadyAsync();

        var running = fleet.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");
        await AppearsAsync(Path.Combine(fleet.AgentFolder, "started"));

        File.Exists(Path.Combine(fleet.AgentFolder, "started")).ShouldBeTrue(cut.Output);
        cut.Signal("STOP");
        await using var other = WorkerProcess.Start(database.ConnectionString, "host-2", place.Path, "--lease", "3");
        var run = await running;
        cut.Signal("CONT");
        await cut.SaysAsync("was not taken: the item is no longer this worker's", "the lease of session-1 was lost");

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{cut.Output}\n--- host-2\n{other.Output}");
        other.Output.ShouldContain("(a), claim 2");
        Evidence(fleet, 1).GetProperty("transcriptPath").GetString()!.ShouldStartWith(Path.Combine(place.Path, "host-2"));
        fleet.Subjects().Count(s => s.StartsWith("feat(core): a", StringComparison.Ordinal)).ShouldBe(1);
        fleet.Git("show", "main:a.txt").Trim().ShouldBe("done");
        Passing(fleet).ShouldBe(["a"]);
    }

    [Fact]
    public async Task A_usage_window_met_on_a_worker_pauses_that_agent_for_the_whole_fleet_and_the_run_goes_on_after_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = UsageLimitTests.Project("""{ "jitterSeconds": 0 }""");
        AddRemote(fleet, place);
        TimeAgentStarts(fleet);
        UsageLimitTests.LimitOn(fleet, 1, "reset 3");
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();

        // Both sessions are published at once; the first meets the window, the second waits for its end.
        var run = await fleet.RunAsync("run", "--fleet", database.ConnectionString, "--parallel", "2", "--until-complete");

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{worker.Output}");
        var said = worker.Output.Split('\n').Single(l => l.Contains("fake-claude paused for the fleet until ", StringComparison.Ordinal));
        var until = DateTimeOffset.Parse(said.Split("until ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var starts = AgentStarts(fleet);
        starts.Count.ShouldBe(3);
        starts[1].ShouldBeGreaterThanOrEqualTo(until.AddMilliseconds(-10));
        Sessions.Journal(fleet).ShouldContain("\"step\":\"paused\"");
        Passing(fleet).Order().ShouldBe(["A-1", "B-2"]);
    }

    [Fact]
    public async Task A_spent_budget_stops_claims_and_the_sessions_no_worker_took_are_withdrawn()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = UsageLimitTests.Project("""{ "jitterSeconds": 0 }""", "A-1", "B-2", "C-3", "D-4");
        AddRemote(fleet, place);
        // B-2 takes a while: the coordinator records A-1 and publishes a third session meanwhile, which B-2's cost then leaves unclaimable.
        var script = Path.Combine(fleet.AgentFolder, "fake-claude.sh");
        var lines = File.ReadAllLines(script).ToList();
        lines.Insert(lines.FindIndex(l => l.StartsWith("id=", StringComparison.Ordinal)) + 1, "if [ \"$id\" = B-2 ]; then sleep 4; fi");
        File.WriteAllLines(script, lines);
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();

        // Each session costs $0.01; after two the fleet claims no more of the run's items.
        var run = await fleet.RunAsync("run", "--fleet", database.ConnectionString, "--parallel", "2", "--budget", "0.02", "--until-complete");

        run.ExitCode.ShouldBe(1, $"{run}\n--- host-1\n{worker.Output}");
        run.Stdout.ShouldContain("the run's cost budget is spent");
        File.ReadAllText(Path.Combine(fleet.AgentFolder, "count")).Trim().ShouldBe("2");
        Sessions.Journal(fleet).ShouldContain("\"step\":\"fleet-session-withdrawn\"");
        var status = await Pace.RunAsync(place.Path, "fleet", "status", "--fleet", database.ConnectionString);
        status.Stdout.ShouldContain("cost $0.02 of its $0.02 budget (spent: no more of its items are claimed)");
        Passing(fleet).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("session-started:2")]
    [InlineData("verified:1")]
    [InlineData("integrated:1")]
    [InlineData("session-finished:1")]
    [InlineData("lane-closed:2")]
    public async Task A_coordinator_killed_at_a_step_and_started_again_finishes_as_if_nothing_happened(string step)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = Project(place, "a", "b", "c");
        foreach (var id in new[] { "a", "b", "c" })
        {
            fleet.Implements(id);
        }

        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path, "--slots", "2");
        await worker.ReadyAsync();

        var killed = await fleet.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = step }, "run", "--fleet", database.ConnectionString, "--until-complete");
        var again = await fleet.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");

        killed.ExitCode.ShouldBe(137, $"{killed}\n--- host-1\n{worker.Output}");
        again.ExitCode.ShouldBe(0, $"{again}\n--- host-1\n{worker.Output}");
        Passing(fleet).Order().ShouldBe(["a", "b", "c"]);
        fleet.Subjects().Count(s => s.StartsWith("feat(core): ", StringComparison.Ordinal)).ShouldBe(3);
        // Each session was published once and run once: the started-again coordinator asked for the same items.
        Directory.GetFiles(fleet.AgentFolder, "count-*").Sum(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(3);
        fleet.Git("branch", "--list", "pace/lane/*").Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_fleet_run_killed_with_sessions_out_is_not_resumed_here_without_the_fleet_and_goes_on_with_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = Project(place, "a");
        fleet.Implements("a");
        var killed = await fleet.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "session-started:1" }, "run", "--fleet", database.ConnectionString, "--until-complete");
        var state = fleet.Read(".pace/run/state.json");

        var here = await fleet.RunAsync("run", "--until-complete");

        killed.ExitCode.ShouldBe(137, killed.ToString());
        here.ExitCode.ShouldBe(2, here.ToString());
        here.Stderr.ShouldContain("the interrupted run gave its sessions to a fleet's workers, and these are still theirs: session 1 (a); run it again with --fleet CONNECTION");
        fleet.Read(".pace/run/state.json").ShouldBe(state);
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();
        var again = await fleet.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");
        again.ExitCode.ShouldBe(0, $"{again}\n--- host-1\n{worker.Output}");
        Passing(fleet).ShouldBe(["a"]);
    }

    [Fact]
    public async Task A_remote_whose_URL_holds_a_password_is_refused_with_exit_2_and_the_password_is_not_repeated()
    {
        using var project = new LoopProject("a");
        project.Git("remote", "add", "origin", "https://me:s3cret-t0ken-value@git.example.com/me/app.git");

        var run = await project.RunAsync("run", "--fleet", "Host=127.0.0.1;Port=1;Username=pace", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("the remote's URL holds a password or token (https://git.example.com/me/app.git)");
        run.ToString().ShouldNotContain("s3cret-t0ken-value");
    }

    [Fact]
    public async Task A_fleet_run_in_a_repository_without_a_remote_is_refused_with_exit_2_before_anything_changes()
    {
        using var project = new LoopProject("a");
        var before = project.Git("status", "--porcelain", "--ignored");

        var run = await project.RunAsync("run", "--fleet", "Host=127.0.0.1;Port=1;Username=pace", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("this repository has no remote named 'origin'");
        project.Git("status", "--porcelain", "--ignored").ShouldBe(before);
        project.Git("worktree", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1);
    }

    /// <summary>Waits (at most a minute) for the agent to write <paramref name="path"/>: it is then mid-session.</summary>
    private static async Task AppearsAsync(string path)
    {
        for (var waited = 0; waited < 600 && !File.Exists(path); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static bool Alive(string pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');

    /// <summary>A test project whose remote "origin" is a bare repository beside the workers' caches.</summary>
    private static LoopProject Project(TempFolder place, params string[] ids)
    {
        var project = new LoopProject(ids);
        AddRemote(project, place);
        return project;
    }

    private static void AddRemote(LoopProject project, TempFolder place)
    {
        var remote = Path.Combine(place.Path, "remote.git");
        new LoopProjectGit(place.Path).Run("init", "-q", "--bare", remote);
        project.Git("remote", "add", "origin", remote);
        project.Git("push", "-q", "origin", "main");
    }

    /// <summary>The fake Claude notes the time each invocation starts (seconds since the epoch), in agent/starts.</summary>
    private static void TimeAgentStarts(LoopProject project)
    {
        var script = Path.Combine(project.AgentFolder, "fake-claude.sh");
        File.WriteAllText(script, File.ReadAllText(script).Replace("#!/bin/sh\n", "#!/bin/sh\ndate +%s.%N >> \"$(dirname \"$0\")/starts\"\n", StringComparison.Ordinal));
    }

    private static List<DateTimeOffset> AgentStarts(LoopProject project) =>
        [.. File.ReadAllLines(Path.Combine(project.AgentFolder, "starts")).Select(l => DateTimeOffset.UnixEpoch.AddTicks((long)(decimal.Parse(l, System.Globalization.CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond)))];

    /// <summary>The files of main's tip with their contents, but for the ones a run stamps with times or that name the test's own folders.</summary>
    private static string Files(LoopProject project) =>
        string.Join('\n', project.Git("ls-tree", "-r", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.EndsWith("\tprogress.txt", StringComparison.Ordinal) && !l.EndsWith("\tfeature_list.json", StringComparison.Ordinal) && !l.EndsWith("\tpace.json", StringComparison.Ordinal)));

    private static List<string> Passing(LoopProject project)
    {
        using var list = JsonDocument.Parse(project.Git("show", "main:feature_list.json"));
        return [.. list.RootElement.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("passes").GetBoolean()).Select(f => f.GetProperty("id").GetString()!)];
    }

    private static JsonElement Evidence(LoopProject project, int session) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Folder, ".pace", "sessions", session.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), "evidence.json"))).RootElement.Clone();
}
