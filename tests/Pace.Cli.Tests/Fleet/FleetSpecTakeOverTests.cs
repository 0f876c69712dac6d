using System.Text.Json;
using Pace.Adapters.Tests.Fleet;
using Pace.Cli.Tests.Loop;
using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Fleet;

/// <summary>
/// `pace spec run NAME --fleet CONN --take-over RUN` (docs/fleet.md): a spec's fleet run whose
/// coordinator died is finished by a coordinator in another clone of the project (another host, as far
/// as the run can tell: it shares only the database and the git remote), from the state, files and
/// refs the run's record holds, and it ends as a local run of the same spec does.
/// </summary>
public sealed class FleetSpecTakeOverTests
{
    [Theory]
    // Wave 2's task is out on a worker; wave 1 is merged into main, its pull request reviewed twice.
    [InlineData("fleet-task-published:c")]
    // Wave 1's review asked for changes, which the fix session has not made yet.
    [InlineData("perform-address-review:1")]
    // Wave 1's pull request is squash-merged into main, and its record does not say so yet.
    [InlineData("squash-merged")]
    public async Task A_spec_runs_coordinator_killed_at_a_step_is_taken_over_from_another_clone_which_ends_as_a_local_run_does(string step)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var first = new SpecRepo();
        using var local = new SpecRepo();
        AddRemote(first, place);
        // Task c starts early (it needs a only) and takes a while: it is out on the worker when the coordinator is killed.
        first.Behave("task-c", "sleep 3; echo c > c.txt; mkdir -p tests; echo 'needs c.txt' > tests/c.test");
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path, "--slots", "2");
        await worker.ReadyAsync();

        var killed = await first.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = step }, "spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");
        var run = File.ReadAllText(Path.Combine(first.Folder, ".pace", "specs", "demo", "fleet-run")).Trim();
        var second = Clone(place, "second");
        var taken = await PaceProcess.RunAsync(second, null, "spec", "run", "demo", "--fleet", database.ConnectionString, "--take-over", run, "--yes");
        var alone = await local.RunAsync("spec", "run", "demo", "--yes");

        killed.ExitCode.ShouldBe(137, $"{killed}\n--- host-1\n{worker.Output}");
        taken.ExitCode.ShouldBe(0, $"{taken}\n--- host-1\n{worker.Output}");
        alone.ExitCode.ShouldBe(0, alone.ToString());
        taken.Stderr.ShouldContain($"took over fleet run {run} of spec demo (epoch 2)");
        if (step == "squash-merged")
        {
            // Killed as wave 1 merged, with c out early: in its own wave c's early item is asked for, not run again.
            taken.Stdout.ShouldContain("wave 2: task c was out early from ");
        }

        var git = new LoopProjectGit(second);
        Summary(second).ShouldBe(local.StateSummary());
        Files(git).ShouldBe(Files(new LoopProjectGit(local.Folder)));
        git.Run("log", "--format=%s", "main").ShouldBe(local.Git("log", "--format=%s", "main") + "\n");
        // Each task ran once (on the worker), b twice (its first result conflicts with a's, and it runs again on the wave
        // branch): the coordinator that took over asked for the same items and found their results.
        foreach (var (task, times) in new[] { ("a", 1), ("b", 2), ("c", 1), ("d", 1) })
        {
            first.Sessions().Split('\n').Count(l => l == "task " + task).ShouldBe(times, $"{first.Sessions()}\n--- taken\n{taken}\n--- journal\n{File.ReadAllText(Path.Combine(second, ".pace", "specs", "demo", "journal.jsonl"))}\n--- first journal\n{File.ReadAllText(first.JournalPath)}");
        }

        File.ReadAllText(Path.Combine(second, ".pace", "specs", "demo", "journal.jsonl")).ShouldContain("\"step\":\"fleet-run-taken-over\"");
        Directory.GetFiles(Path.Combine(second, ".pace", "forge", "pulls"), "*.json").Length.ShouldBe(3);
        new LoopProjectGit(Path.Combine(place.Path, "remote.git")).Run("for-each-ref", "refs/pace/").Trim().ShouldBeEmpty();
        git.Run("for-each-ref", "--format=%(refname:short)", "refs/heads/").Trim().ShouldBe("main");

        // The first coordinator started again does not go on with the run it lost, and changes nothing.
        var state = File.ReadAllText(first.StatePath);
        var again = await first.RunAsync("spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");
        again.ExitCode.ShouldBe(1, again.ToString());
        again.Stderr.ShouldContain($"run {run} was taken over by {Environment.MachineName}:{second}, which finished it");
        File.ReadAllText(first.StatePath).ShouldBe(state);
    }

    [Theory]
    [InlineData("commit", "--take-over: branch main here holds work that the run's does not")]
    [InlineData("changes", "--take-over: branch main moves to the run's ")]
    [InlineData("stale-branch", "--take-over: refs/heads/feature/demo-wave-9 here is not run ")]
    public async Task A_take_over_into_a_clone_that_is_not_ready_for_it_is_refused_and_changes_nothing_there_or_in_the_database(string clone, string refusal)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var place = new TempFolder();
        using var first = new SpecRepo();
        AddRemote(first, place);
        await using var worker = WorkerProcess.Start(database.ConnectionString, "host-1", place.Path);
        await worker.ReadyAsync();
        // Killed once the last wave is merged into main and the record says so: a takeover moves the clone's main there.
        var killed = await first.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "perform-cleanup-branches:3" }, "spec", "run", "demo", "--fleet", database.ConnectionString, "--yes");
        var run = File.ReadAllText(Path.Combine(first.Folder, ".pace", "specs", "demo", "fleet-run")).Trim();
        var second = Clone(place, "second");
        var git = new LoopProjectGit(second);
        switch (clone)
        {
            case "commit":
                // A person's commit on main, which the run's main does not have.
                File.WriteAllText(Path.Combine(second, "mine.txt"), "a person's work\n");
                git.Run("add", "mine.txt");
                git.Run("commit", "-q", "-m", "A person's commit");
                break;
            case "changes":
                // A change in the checkout of main, which the takeover would move to the run's main.
                File.AppendAllText(Path.Combine(second, "check.sh"), "# a person's edit\n");
                break;
            default:
                // A branch of the spec left by an earlier run, which the run does not have.
                git.Run("branch", "feature/demo-wave-9");
                break;
        }

        var before = git.Run("for-each-ref");
        // `pace fleet status` shows the run as held by no coordinator, with what it works on.
        var status = await PaceProcess.RunAsync(place.Path, null, "fleet", "status", "--fleet", database.ConnectionString, "--json");
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            var coordinated = json.RootElement.GetProperty("coordinated")[0];
            coordinated.GetProperty("run").GetString().ShouldBe(run);
            coordinated.GetProperty("subject").GetString().ShouldBe("spec specs/demo.json");
            coordinated.GetProperty("coordinator").GetString().ShouldBe($"{Environment.MachineName}:{first.Folder}");
            coordinated.GetProperty("epoch").GetInt64().ShouldBe(1);
            coordinated.GetProperty("held").GetBoolean().ShouldBeFalse();
            coordinated.GetProperty("finished").GetBoolean().ShouldBeFalse();
        }

        var text = await PaceProcess.RunAsync(place.Path, null, "fleet", "status", "--fleet", database.ConnectionString);
        text.Stdout.ShouldContain($"  {run} on spec specs/demo.json: not held: its coordinator {Environment.MachineName}:{first.Folder} has stopped");

        var taken = await PaceProcess.RunAsync(second, null, "spec", "run", "demo", "--fleet", database.ConnectionString, "--take-over", run, "--yes");

        killed.ExitCode.ShouldBe(137, killed.ToString());
        taken.ExitCode.ShouldBe(2, taken.ToString());
        taken.Stderr.ShouldContain(refusal);
        // Nothing of the run reached the clone, and the run's epoch was not raised: a clone that is ready takes it over as the first takeover.
        git.Run("for-each-ref").ShouldBe(before);
        File.Exists(Path.Combine(second, ".pace", "specs", "demo", "state.json")).ShouldBeFalse();
        var third = Clone(place, "third");
        var retaken = await PaceProcess.RunAsync(third, null, "spec", "run", "demo", "--fleet", database.ConnectionString, "--take-over", run, "--yes");
        retaken.ExitCode.ShouldBe(0, $"{retaken}\n--- host-1\n{worker.Output}");
        retaken.Stderr.ShouldContain($"took over fleet run {run} of spec demo (epoch 2)");
    }

    private static void AddRemote(SpecRepo project, TempFolder place)
    {
        var remote = Path.Combine(place.Path, "remote.git");
        new LoopProjectGit(place.Path).Run("init", "-q", "--bare", remote);
        project.Git("remote", "add", "origin", remote);
        project.Git("push", "-q", "origin", "main");
    }

    /// <summary>Another clone of the remote, as a person would make on another host.</summary>
    private static string Clone(TempFolder place, string name)
    {
        new LoopProjectGit(place.Path).Run("clone", "-q", "--branch", "main", Path.Combine(place.Path, "remote.git"), name);
        return Path.Combine(place.Path, name);
    }

    /// <summary>As <see cref="SpecRepo.StateSummary"/>, of the spec's state in <paramref name="folder"/>.</summary>
    private static string Summary(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ".pace", "specs", "demo", "state.json")));
        var state = json.RootElement;
        var history = state.GetProperty("history").EnumerateArray().Select(h =>
            $"{h.GetProperty("wave")}:{h.GetProperty("pr_number")}:{h.GetProperty("status")}:{h.GetProperty("review_cycles")}:{h.GetProperty("branch_cleaned")}");
        return $"{state.GetProperty("phase")} wave {state.GetProperty("current_wave")}/{state.GetProperty("total_waves")} [{string.Join(", ", history)}]";
    }

    /// <summary>The files of main's tip with their contents, but pace.json, which names each test's own folders.</summary>
    private static string Files(LoopProjectGit git) =>
        string.Join('\n', git.Run("ls-tree", "-r", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.EndsWith("\tpace.json", StringComparison.Ordinal)));
}
