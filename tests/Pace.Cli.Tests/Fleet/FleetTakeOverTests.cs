using System.Text.Json;
using Pace.Adapters.Tests.Fleet;
using Pace.Cli.Tests.Loop;
using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Fleet;

/// <summary>
/// `pace run --fleet CONN --take-over RUN` (docs/fleet.md): a fleet run whose coordinator died is
/// finished by a coordinator in another clone of the project (another host, as far as the run can
/// tell: it shares only the database and the git remote), from the state the database holds.
/// </summary>
public sealed class FleetTakeOverTests
{
    [Theory]
    [InlineData("integrated:1")]
    [InlineData("session-finished:1")]
    [InlineData("lane-closed:2")]
    public async Task A_coordinator_killed_at_a_step_is_taken_over_from_another_clone_which_finishes_the_run_with_each_session_run_once(string step)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var first = Project(place, "a", "b", "c");
        foreach (var id in new[] { "a", "b", "c" })
        {
            first.Implements(id);
        }

        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path, "--slots", "2");
        await worker.ReadyAsync();
        var killed = await first.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = step }, "run", "--fleet", database.ConnectionString, "--until-complete");
        var run = await RunNameAsync(place, database.ConnectionString);
        var second = Clone(place, "second");

        var taken = await PaceProcess.RunAsync(second, null, "run", "--fleet", database.ConnectionString, "--take-over", run, "--until-complete");

        killed.ExitCode.ShouldBe(137, $"{killed}\n--- host-1\n{worker.Output}");
        taken.ExitCode.ShouldBe(0, $"{taken}\n--- host-1\n{worker.Output}");
        taken.Stderr.ShouldContain($"took over fleet run {run} (epoch 2)");
        var git = new LoopProjectGit(second);
        Passing(git).Order().ShouldBe(["a", "b", "c"]);
        git.Subjects().Count(s => s.StartsWith("feat(core): ", StringComparison.Ordinal)).ShouldBe(3);
        // Each session was published once and run once: the coordinator that took over asked for the same items.
        Directory.GetFiles(first.AgentFolder, "count-*").Sum(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(3);
        foreach (var id in new[] { "a", "b", "c" })
        {
            File.Exists(Path.Combine(second, id + ".txt")).ShouldBeTrue(id);
        }

        // The evidence of every session is in the clone that finished the run, and its journal says where the run came from.
        Directory.GetFiles(Path.Combine(second, ".pace", "sessions"), "evidence.json", SearchOption.AllDirectories).Length.ShouldBe(3);
        File.ReadAllText(Path.Combine(second, ".pace", "run", "journal.jsonl")).ShouldContain("\"step\":\"fleet-run-taken-over\"");
        new LoopProjectGit(Path.Combine(place.Path, "remote.git")).Run("for-each-ref", "refs/pace/").Trim().ShouldBeEmpty();

        // The first coordinator started again does not go on with the run it lost.
        var again = await first.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");
        again.ExitCode.ShouldBe(1, again.ToString());
        again.Stderr.ShouldContain($"run {run} was taken over by ");
    }

    [Fact]
    public async Task A_run_whose_coordinator_is_alive_is_not_taken_over_and_the_other_clone_is_left_as_it_was()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var first = Project(place, "a");
        var release = Path.Combine(first.AgentFolder, "release");
        first.Behave("a", $"touch \"$dir/started\"; i=0; while [ ! -f '{release}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; echo done > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test");
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();
        var running = first.RunAsync("run", "--fleet", database.ConnectionString, "--until-complete");
        for (var waited = 0; waited < 600 && !File.Exists(Path.Combine(first.AgentFolder, "started")); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var run = await RunNameAsync(place, database.ConnectionString);
        var second = Clone(place, "second");
        var taken = await PaceProcess.RunAsync(second, null, "run", "--fleet", database.ConnectionString, "--take-over", run, "--until-complete");
        File.WriteAllText(release, "");
        var finished = await running;

        taken.ExitCode.ShouldBe(1, taken.ToString());
        taken.Stderr.ShouldContain($"run {run} is held by its coordinator ({Environment.MachineName}:{first.Folder}), which is still connected");
        Directory.Exists(Path.Combine(second, ".pace", "run")).ShouldBeFalse();
        new LoopProjectGit(second).Run("branch", "--list").Trim().ShouldBe("* main");
        finished.ExitCode.ShouldBe(0, $"{finished}\n--- host-1\n{worker.Output}");
    }

    [Fact]
    public async Task A_database_restarted_while_a_session_is_out_is_found_again_by_the_worker_and_the_coordinator_and_the_run_finishes()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        // The password file of this cluster (not the test run's): named in the connection string, which holds no password.
        var connection = $"{cluster.ConnectionString};Passfile={cluster.PasswordFile}";
        using var place = new TempFolder();
        using var project = Project(place, "a", "b");
        var release = Path.Combine(project.AgentFolder, "release");
        project.Behave("a", $"touch \"$dir/started\"; i=0; while [ ! -f '{release}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done; echo done > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test");
        project.Implements("b");
        await using var worker = WorkerProcess.Start(connection, "host-1", place.Path);
        await worker.ReadyAsync();
        var running = project.RunAsync("run", "--fleet", connection, "--parallel", "1", "--until-complete");
        for (var waited = 0; waited < 600 && !File.Exists(Path.Combine(project.AgentFolder, "started")); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await cluster.RestartAsync();
        File.WriteAllText(release, "");
        var run = await running;

        run.ExitCode.ShouldBe(0, $"{run}\n--- host-1\n{worker.Output}");
        Passing(new LoopProjectGit(project.Folder)).Order().ShouldBe(["a", "b"]);
        Directory.GetFiles(project.AgentFolder, "count-*").Sum(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(2);
        // Both lost their connections with the restart, and said so before they went on.
        run.Stderr.ShouldContain("fleet database out of reach");
        worker.Output.ShouldContain("listening for work:");
    }

    /// <summary>A test project whose remote "origin" is a bare repository beside the workers' caches.</summary>
    private static LoopProject Project(TempFolder place, params string[] ids)
    {
        var project = new LoopProject(ids);
        var remote = Path.Combine(place.Path, "remote.git");
        new LoopProjectGit(place.Path).Run("init", "-q", "--bare", remote);
        project.Git("remote", "add", "origin", remote);
        project.Git("push", "-q", "origin", "main");
        return project;
    }

    /// <summary>Another clone of the remote, as a person would make on another host.</summary>
    private static string Clone(TempFolder place, string name)
    {
        new LoopProjectGit(place.Path).Run("clone", "-q", "--branch", "main", Path.Combine(place.Path, "remote.git"), name);
        return Path.Combine(place.Path, name);
    }

    /// <summary>The run's name as `pace fleet status --json` lists it.</summary>
    private static async Task<string> RunNameAsync(TempFolder place, string connection)
    {
        var status = await PaceProcess.RunAsync(place.Path, null, "fleet", "status", "--fleet", connection, "--json");
        status.ExitCode.ShouldBe(0, status.ToString());
        using var json = JsonDocument.Parse(status.Stdout);
        return json.RootElement.GetProperty("runs")[0].GetProperty("run").GetString()!;
    }

    private static List<string> Passing(LoopProjectGit git)
    {
        using var list = JsonDocument.Parse(git.Run("show", "main:feature_list.json"));
        return [.. list.RootElement.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("passes").GetBoolean()).Select(f => f.GetProperty("id").GetString()!)];
    }
}
