using System.Text.Json;
using Pace.Adapters.Tests.Fleet;
using Pace.Cli.Tests.Loop;
using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Fleet;

/// <summary>
/// `pace spec run --fleet` with `pace worker` processes on this machine (docs/fleet.md): the task
/// sessions run on the workers (a task run again after its merge was refused too); merges, pull
/// requests, reviews and review fixes stay with the coordinator.
/// </summary>
public sealed class FleetSpecRunTests
{
    [Fact]
    public async Task A_spec_completes_on_two_workers_with_the_tree_and_history_a_local_run_makes()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = new SpecRepo();
        using var local = new SpecRepo();
        AddRemote(fleet, place);
        // A second per task session, so that both workers take some.
        fleet.Behave("task", "sleep 1; echo \"$task\" > \"$task.txt\"; mkdir -p tests; echo \"needs $task.txt\" > \"tests/$task.test\"");
        await using var one = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await using var two = WorkerProcess.Start(database.ConnectionString, "host-2", place.Path);
        await one.ReadyAsync();
        await two.ReadyAsync();

        var run = await fleet.RunAsync("spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");
        var alone = await local.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{one.Output}\n--- host-2\n{two.Output}");
        alone.ExitCode.ShouldBe(0, alone.ToString());
        fleet.StateSummary().ShouldBe(local.StateSummary());
        Files(fleet).ShouldBe(Files(local));
        fleet.Git("log", "--format=%s", "main").ShouldBe(local.Git("log", "--format=%s", "main"));
        fleet.Read("shared.txt").ShouldBe("a\nb\n");
        // Every task session ran on a worker (b twice: its first result conflicted with a's); the review and its fix ran here.
        var ran = (one.Output + two.Output).Split('\n').Where(l => l.Contains(" of spec run ", StringComparison.Ordinal) && l.EndsWith(": passed", StringComparison.Ordinal)).ToList();
        ran.Count.ShouldBe(5, one.Output + two.Output);
        one.Output.ShouldContain(": passed");
        two.Output.ShouldContain(": passed");
        fleet.Sessions().Split('\n').Count(l => l == "task b").ShouldBe(2, fleet.Sessions());
        fleet.Sessions().ShouldContain("fix ");
        foreach (var (wave, task) in new[] { (1, "a"), (1, "b"), (2, "c"), (3, "d") })
        {
            // The evidence is the coordinator's; the transcript stays on the worker that ran the session.
            var evidence = Evidence(fleet, wave, task);
            evidence.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
            evidence.GetProperty("ranOn").GetProperty("worker").GetString().ShouldBeOneOf("host-1", "host-2");
            var transcript = evidence.GetProperty("transcriptPath").GetString()!;
            transcript.ShouldStartWith(place.Path);
            File.Exists(transcript).ShouldBeTrue();
        }

        // The finished run's bases and results are gone from the remote; no worktree or branch is left here.
        new LoopProjectGit(Path.Combine(place.Path, "remote.git")).Run("for-each-ref", "refs/pace/").Trim().ShouldBeEmpty();
        fleet.Branches().ShouldBe(["main"]);
    }

    [Fact]
    public async Task A_task_that_fails_on_a_worker_fails_the_wave_with_its_reason_and_its_attempt_is_kept_here()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = new SpecRepo();
        AddRemote(fleet, place);
        fleet.Behave("task-c", "echo c > c.txt; mkdir -p tests; echo fail > tests/c.test");
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();

        var run = await fleet.RunAsync("spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");

        run.ExitCode.ShouldBe(1, $"{run}\n--- host-1\n{worker.Output}");
        run.Stdout.ShouldContain("task c failed although the agent claimed success: check 'tests' failed with exit code 1");
        fleet.State().GetProperty("phase").GetString().ShouldBe("FAILED");
        // The early try and the wave's: each attempt is here, on the refs a local run keeps them on.
        var attempts = fleet.Git("for-each-ref", "--format=%(refname)", "refs/pace/spec-attempts/demo/c/").Split('\n');
        attempts.ShouldBe(["refs/pace/spec-attempts/demo/c/1", "refs/pace/spec-attempts/demo/c/2"]);
        fleet.Git("show", "refs/pace/spec-attempts/demo/c/2:tests/c.test").ShouldBe("fail");
        var evidence = Evidence(fleet, 2, "c");
        evidence.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        evidence.GetProperty("attemptRef").GetString().ShouldBe("refs/pace/spec-attempts/demo/c/2");
        evidence.GetProperty("ranOn").GetProperty("worker").GetString().ShouldBe("host-1");
        // The worker's cache keeps no ref of the attempt: it lives in the project's repository.
        var cached = Directory.GetDirectories(Path.Combine(place.Path, "host-1"), "repo.git", SearchOption.AllDirectories);
        cached.Length.ShouldBe(1);
        new LoopProjectGit(cached[0]).Run("for-each-ref", "refs/pace/fleet/worker/").Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_task_whose_agent_changes_nothing_on_a_worker_keeps_its_attempt_at_its_base_and_a_retry_runs_it_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = new SpecRepo();
        AddRemote(fleet, place);
        fleet.Behave("task-b", "true");
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();

        var run = await fleet.RunAsync("spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");
        var attempt = fleet.Git("rev-parse", "refs/pace/spec-attempts/demo/b/1");
        var start = fleet.Git("rev-parse", "main");
        // Leaving a's shared.txt alone: b joins the wave beside a, with no second run.
        fleet.Behave("task-b", "echo b > b.txt; mkdir -p tests; echo 'needs b.txt' > tests/b.test");
        var retried = await fleet.RunAsync("spec", "retry", "demo", "--fleet", database.ConnectionString, "--yes");

        run.ExitCode.ShouldBe(1, $"{run}\n--- host-1\n{worker.Output}");
        run.Stdout.ShouldContain("(attempt kept on refs/pace/spec-attempts/demo/b/1)");
        attempt.ShouldBe(start);
        // The retry is a new item (the attempt counts), so the task runs again rather than finding its failure.
        retried.ExitCode.ShouldBe(0, $"{retried}\n--- host-1\n{worker.Output}");
        fleet.Sessions().Split('\n').Count(l => l == "task b").ShouldBe(2, fleet.Sessions());
        fleet.Read("b.txt").ShouldBe("b\n");
    }

    [Fact]
    public async Task A_coordinator_killed_while_a_worker_runs_its_task_is_started_again_and_the_task_runs_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var fleet = new SpecRepo();
        AddRemote(fleet, place);
        // Task a takes long enough that the coordinator is gone before the worker reports it.
        fleet.Behave("task-a", "sleep 3; echo a > shared.txt; echo a > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test");
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();

        var crashed = await fleet.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "fleet-task-published:a" }, "spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");
        var state = File.ReadAllText(fleet.StatePath);
        // Without --fleet the run is refused: its task is out on the fleet, and would run twice.
        var here = await fleet.RunAsync("spec", "run", "demo", "--yes");
        var stateAfterRefusal = File.ReadAllText(fleet.StatePath);
        var resumed = await fleet.RunAsync("spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");

        crashed.ExitCode.ShouldBe(137, crashed.ToString());
        here.ExitCode.ShouldBe(2, here.ToString());
        here.Stderr.ShouldContain("the interrupted run of spec demo gave its task sessions to a fleet's workers (fleet run spec-demo-");
        stateAfterRefusal.ShouldBe(state);
        resumed.ExitCode.ShouldBe(0, $"{resumed}\n--- host-1\n{worker.Output}");
        fleet.Sessions().Split('\n').Count(l => l == "task a").ShouldBe(1, fleet.Sessions());
        worker.Output.Split('\n').Count(l => l.Contains("task a of spec run ", StringComparison.Ordinal) && l.Contains("claim", StringComparison.Ordinal)).ShouldBe(1, worker.Output);
        fleet.Read("shared.txt").ShouldBe("a\nb\n");
        fleet.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
        fleet.Branches().ShouldBe(["main"]);
        // Completed: the spec's next run, here or on a fleet, is a run of its own.
        File.Exists(Path.Combine(fleet.Folder, ".pace", "specs", "demo", "fleet-run")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_database_restarted_while_a_task_is_out_is_found_again_by_the_worker_and_the_coordinator_and_the_spec_completes()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        // The password file of this cluster (not the test run's): named in the connection string, which holds no password.
        var connection = $"{cluster.ConnectionString};Passfile={cluster.PasswordFile}";
        using var place = new TempFolder();
        using var fleet = new SpecRepo();
        AddRemote(fleet, place);
        var release = Path.Combine(fleet.AgentFolder, "release");
        fleet.Behave("task-a", $"touch \"$dir/started\"; i=0; while [ ! -f '{release}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; echo a > shared.txt; echo a > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test");
        await using var worker = WorkerProcess.Start(connection, "host-1", place.Path);
        await worker.ReadyAsync();
        var running = fleet.RunAsync("spec", "run", "demo", "--fleet", connection, "--yes");
        for (var waited = 0; waited < 600 && !File.Exists(Path.Combine(fleet.AgentFolder, "started")); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await cluster.RestartAsync();
        File.WriteAllText(release, "");
        var run = await running;

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{worker.Output}");
        fleet.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
        fleet.Read("shared.txt").ShouldBe("a\nb\n");
        // Each task once, but b twice: its first result conflicts with a's, and it runs again on the wave branch.
        foreach (var (task, times) in new[] { ("a", 1), ("b", 2), ("c", 1), ("d", 1) })
        {
            fleet.Sessions().Split('\n').Count(l => l == "task " + task).ShouldBe(times, fleet.Sessions());
        }

        // Both lost their connections with the restart, and said so before they went on.
        run.Stderr.ShouldContain("fleet database out of reach");
        worker.Output.ShouldContain("listening for work:");
    }

    [Fact]
    public async Task A_fleet_database_out_of_reach_at_the_start_gives_exit_1_and_the_spec_run_does_not_start()
    {
        using var place = new TempFolder();
        using var fleet = new SpecRepo();
        AddRemote(fleet, place);

        var run = await fleet.RunAsync("spec", "run", "demo", "--fleet", "Host=127.0.0.1;Port=1;Username=pace;Timeout=3");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("pace: --fleet: cannot reach the fleet database: ");
        File.Exists(fleet.StatePath).ShouldBeFalse();
        fleet.Branches().ShouldBe(["main"]);
        fleet.Sessions().ShouldBeEmpty();
    }

    private static void AddRemote(SpecRepo project, TempFolder place)
    {
        var remote = Path.Combine(place.Path, "remote.git");
        new LoopProjectGit(place.Path).Run("init", "-q", "--bare", remote);
        project.Git("remote", "add", "origin", remote);
        project.Git("push", "-q", "origin", "main");
    }

    /// <summary>The files of main's tip with their contents, but pace.json, which names each test's own folders.</summary>
    private static string Files(SpecRepo project) =>
        string.Join('\n', project.Git("ls-tree", "-r", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.EndsWith("\tpace.json", StringComparison.Ordinal)));

    private static JsonElement Evidence(SpecRepo project, int wave, string task) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Folder, ".pace", "specs", "demo", $"wave-{wave}", task, "evidence.json"))).RootElement.Clone();
}
