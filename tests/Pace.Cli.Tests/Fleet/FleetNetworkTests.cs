using System.Diagnostics;
using System.Text.Json;
using Pace.Adapters.Tests.Fleet;
using Pace.Cli.Tests.Loop;
using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Fleet;

/// <summary>
/// The fleet across hosts (<see cref="NetworkHosts"/>): a database host, a git host serving the run's
/// remote over git://, two coordinator hosts and three worker hosts, each a network namespace of its
/// own. Workers die, hosts are cut off, coordinators are killed and their runs taken over on another
/// host; the run ends as a local run does.
/// </summary>
public sealed class FleetNetworkTests
{
    private static readonly string[] Ids = [.. Enumerable.Range(1, 12).Select(n => $"f{n:D2}")];

    [Fact]
    public async Task A_feature_list_completes_on_three_worker_hosts_with_one_killed_one_cut_off_and_its_coordinator_taken_over_on_another_host()
    {
        await using var hosts = await NetworkHosts.CreateAsync("db", "git", "coord", "coord2", "w1", "w2", "w3");
        await using var cluster = await PrivateCluster.StartOnAsync(hosts.Namespace("db"), hosts.Address("db"));
        var connection = $"{cluster.ConnectionString};Passfile={cluster.PasswordFile};Timeout=5";
        using var place = new TempFolder();
        using var first = new LoopProject(Ids);
        using var local = new LoopProject(Ids);
        var served = Path.Combine(place.Path, "served");
        using var gitHost = ServeGit(hosts, served, new LoopProjectGit(first.Folder));
        var dir = first.AgentFolder;
        foreach (var id in Ids)
        {
            // Host w2's first session hangs until released (the test cuts w2 off meanwhile); host w1 is killed in its second.
            first.Behave(id, $$"""
                if [ "$PACE_TEST_HOST" = w2 ] && mkdir "{{dir}}/w2-once" 2>/dev/null; then touch "{{dir}}/w2-started"; i=0; while [ ! -f "{{dir}}/release" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done; fi
                if [ "$PACE_TEST_HOST" = w1 ] && [ -f "{{dir}}/w1-first" ] && mkdir "{{dir}}/w1-once" 2>/dev/null; then touch "{{dir}}/w1-second"; sleep 120; fi
                [ "$PACE_TEST_HOST" = w1 ] && touch "{{dir}}/w1-first"
                sleep 1; echo done > {{id}}.txt; mkdir -p tests; echo 'needs {{id}}.txt' > tests/{{id}}.test
                """);
            local.Implements(id);
        }

        await using var w1 = WorkerProcess.StartOn(hosts, connection, "w1", place.Path, "--lease", "10");
        await using var w2 = WorkerProcess.StartOn(hosts, connection, "w2", place.Path, "--lease", "10");
        await using var w3 = WorkerProcess.StartOn(hosts, connection, "w3", place.Path, "--lease", "10");
        await Task.WhenAll(w1.ReadyAsync(), w2.ReadyAsync(), w3.ReadyAsync());

        // Whenever it comes: w2 is cut off while its agent works in its first session, w1 is killed in its second.
        var cut = CutOffAsync(hosts, dir);
        var kill = KillAsync(w1, dir);
        // The first coordinator is killed at session 6's integration.
        var killed = PaceProcess.RunOnAsync(hosts, "coord", first.Folder, new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "integrated:6" }, "run", "--fleet", connection, "--until-complete");
        var crashed = await killed;
        crashed.ExitCode.ShouldBe(137, $"{crashed}\n--- w1\n{w1.Output}\n--- w2\n{w2.Output}\n--- w3\n{w3.Output}");

        // Another host takes the run over from a clone of the remote; w1 dies in its second session.
        var status = await PaceProcess.RunOnAsync(hosts, "coord2", place.Path, null, "fleet", "status", "--fleet", connection, "--json");
        using var listed = JsonDocument.Parse(status.Stdout);
        var run = listed.RootElement.GetProperty("runs")[0].GetProperty("run").GetString()!;
        var second = Path.Combine(place.Path, "second");
        new LoopProjectGit(place.Path).Run("clone", "-q", "--branch", "main", Path.Combine(served, "remote.git"), second);
        new LoopProjectGit(second).Run("remote", "set-url", "origin", $"git://{hosts.Address("git")}/remote.git");
        var taken = await PaceProcess.RunOnAsync(hosts, "coord2", second, null, "run", "--fleet", connection, "--take-over", run, "--until-complete");
        await cut;
        await kill;

        // w2 comes back: its claim was lost when its lease ran out, and nothing of it counts.
        await hosts.JoinAsync("w2");
        File.WriteAllText(Path.Combine(dir, "release"), "");
        await w2.SaysAsync("was lost; its work stopped", "is no longer this worker's");

        taken.ExitCode.ShouldBe(0, $"{taken}\n--- w1\n{w1.Output}\n--- w2\n{w2.Output}\n--- w3\n{w3.Output}");
        var alone = await local.RunAsync("run", "--parallel", "3", "--until-complete");
        alone.ExitCode.ShouldBe(0, alone.ToString());
        var git = new LoopProjectGit(second);
        Files(git).ShouldBe(Files(new LoopProjectGit(local.Folder)));
        git.Subjects().Count(s => s.StartsWith("feat(core): ", StringComparison.Ordinal)).ShouldBe(12);
        // Every feature ran once, but the session w1 died in and the one w2 was cut off in: each ran once more, elsewhere.
        Directory.GetFiles(dir, "count-*").Sum(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(14);
        var ranOn = Directory.GetFiles(Path.Combine(second, ".pace", "sessions"), "evidence.json", SearchOption.AllDirectories)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("ranOn").GetProperty("worker").GetString()).ToList();
        ranOn.Count.ShouldBe(12);
        ranOn.ShouldNotContain("w2");
        ranOn.ShouldContain("w3");
        new LoopProjectGit(Path.Combine(served, "remote.git")).Run("for-each-ref", "refs/pace/").Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_spec_of_12_tasks_completes_on_three_worker_hosts_with_one_killed_one_cut_off_and_its_coordinator_taken_over_on_another_host_as_it_does_locally()
    {
        await using var hosts = await NetworkHosts.CreateAsync("db", "git", "coord", "coord2", "w1", "w2", "w3");
        await using var cluster = await PrivateCluster.StartOnAsync(hosts.Namespace("db"), hosts.Address("db"));
        var connection = $"{cluster.ConnectionString};Passfile={cluster.PasswordFile};Timeout=5";
        using var place = new TempFolder();
        using var fleet = BigSpec(new SpecRepo());
        using var local = BigSpec(new SpecRepo());
        var served = Path.Combine(place.Path, "served");
        using var gitHost = ServeGit(hosts, served, new LoopProjectGit(fleet.Folder));
        var dir = fleet.AgentFolder;
        fleet.Behave("task", $$"""
            if [ "$PACE_TEST_HOST" = w2 ] && mkdir "{{dir}}/w2-once" 2>/dev/null; then touch "{{dir}}/w2-started"; i=0; while [ ! -f "{{dir}}/release" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done; fi
            if [ "$PACE_TEST_HOST" = w1 ] && [ -f "{{dir}}/w1-first" ] && mkdir "{{dir}}/w1-once" 2>/dev/null; then touch "{{dir}}/w1-second"; sleep 120; fi
            [ "$PACE_TEST_HOST" = w1 ] && touch "{{dir}}/w1-first"
            sleep 1; echo "$task" > "$task.txt"; mkdir -p tests; echo "needs $task.txt" > "tests/$task.test"
            """);
        await using var w1 = WorkerProcess.StartOn(hosts, connection, "w1", place.Path, "--lease", "10");
        await using var w2 = WorkerProcess.StartOn(hosts, connection, "w2", place.Path, "--lease", "10");
        await using var w3 = WorkerProcess.StartOn(hosts, connection, "w3", place.Path, "--lease", "10");
        await Task.WhenAll(w1.ReadyAsync(), w2.ReadyAsync(), w3.ReadyAsync());

        var cut = CutOffAsync(hosts, dir);
        var kill = KillAsync(w1, dir);
        // The first coordinator is killed as wave 2's pull request is about to open (wave 3's tasks may be out early meanwhile).
        var crashed = await PaceProcess.RunOnAsync(hosts, "coord", fleet.Folder, new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "perform-open-pull-request:2" }, "spec", "run", "big", "--fleet", connection, "--yes");
        crashed.ExitCode.ShouldBe(137, $"{crashed}\n--- w1\n{w1.Output}\n--- w2\n{w2.Output}\n--- w3\n{w3.Output}");

        // Another host takes the run over from a clone of the remote.
        var name = File.ReadAllText(Path.Combine(fleet.Folder, ".pace", "specs", "big", "fleet-run")).Trim();
        var second = Path.Combine(place.Path, "second");
        new LoopProjectGit(place.Path).Run("clone", "-q", "--branch", "main", Path.Combine(served, "remote.git"), second);
        new LoopProjectGit(second).Run("remote", "set-url", "origin", $"git://{hosts.Address("git")}/remote.git");
        var run = await PaceProcess.RunOnAsync(hosts, "coord2", second, null, "spec", "run", "big", "--fleet", connection, "--take-over", name, "--yes");
        await cut;
        await kill;
        await hosts.JoinAsync("w2");
        File.WriteAllText(Path.Combine(dir, "release"), "");
        await w2.SaysAsync("was lost; its work stopped", "is no longer this worker's");
        var alone = await local.RunAsync("spec", "run", "big", "--yes");

        run.ExitCode.ShouldBe(0, $"{run}\n--- w1\n{w1.Output}\n--- w2\n{w2.Output}\n--- w3\n{w3.Output}");
        run.Stderr.ShouldContain($"took over fleet run {name} of spec big (epoch 2)");
        alone.ExitCode.ShouldBe(0, alone.ToString());
        State(second).ShouldBe(State(local.Folder));
        var git = new LoopProjectGit(second);
        Files(git).ShouldBe(Files(new LoopProjectGit(local.Folder)));
        git.Run("log", "--format=%s", "main").ShouldBe(local.Git("log", "--format=%s", "main") + "\n");
        // Each task's session ran once, but the one w1 died in and the one w2 was cut off in: the coordinator
        // that took over asked for the same items as the one killed, early ones included, and found their results.
        fleet.Sessions().Split('\n').Count(l => l.StartsWith("task t", StringComparison.Ordinal)).ShouldBe(14, $"{fleet.Sessions()}\n--- local\n{local.Sessions()}\n--- run\n{run}");
        // The tasks' evidence, from the first coordinator's record or the second's own (a review's fix ran on a coordinator).
        var ranOn = Directory.GetFiles(Path.Combine(second, ".pace", "specs", "big"), "evidence.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f))!.StartsWith('t'))
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("ranOn").GetProperty("worker").GetString()).ToList();
        ranOn.Count.ShouldBe(12);
        ranOn.ShouldNotContain("w2");
        new LoopProjectGit(Path.Combine(served, "remote.git")).Run("for-each-ref", "refs/pace/").Trim().ShouldBeEmpty();
        git.Run("for-each-ref", "--format=%(refname:short)", "refs/heads/").Trim().ShouldBe("main");
    }

    /// <summary>A spec of 12 tasks in three waves of four (each task of waves 2 and 3 needs one of the wave before), four at once, committed.</summary>
    private static SpecRepo BigSpec(SpecRepo repo)
    {
        var tasks = Enumerable.Range(1, 12).Select(n => n <= 4
            ? $$"""{ "id": "t{{n:D2}}", "title": "Task {{n}}" }"""
            : $$"""{ "id": "t{{n:D2}}", "title": "Task {{n}}", "depends_on": ["t{{n - 4:D2}}"] }""");
        repo.Write("specs/big.json", $$"""{ "name": "big", "tasks": [ {{string.Join(", ", tasks)}} ] }""");
        repo.Write("pace.json", repo.Read("pace.json").Replace("\"maxParallel\": 2", "\"maxParallel\": 4", StringComparison.Ordinal));
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "A spec of 12 tasks");
        return repo;
    }

    /// <summary>The spec run's state without times: phase, waves, and each wave's pull request, status, review cycles and clean-up.</summary>
    private static string State(string folder)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ".pace", "specs", "big", "state.json")));
        var history = state.RootElement.GetProperty("history").EnumerateArray().Select(h =>
            $"{h.GetProperty("wave")}:{h.GetProperty("pr_number")}:{h.GetProperty("status")}:{h.GetProperty("review_cycles")}:{h.GetProperty("branch_cleaned")}");
        return $"{state.RootElement.GetProperty("phase")} [{string.Join(", ", history)}]";
    }

    /// <summary>
    /// git daemon on the git host, serving for fetch and push the bare repository remote.git in
    /// <paramref name="folder"/>, made with <paramref name="project"/>'s main, which is its origin at git://.
    /// </summary>
    private static Process ServeGit(NetworkHosts hosts, string folder, LoopProjectGit project)
    {
        new LoopProjectGit(Path.GetDirectoryName(folder)!).Run("init", "-q", "--bare", Path.Combine(folder, "remote.git"));
        project.Run("push", "-q", Path.Combine(folder, "remote.git"), "main");
        project.Run("remote", "add", "origin", $"git://{hosts.Address("git")}/remote.git");
        var (fileName, arguments) = hosts.On("git", "git", ["daemon", "--reuseaddr", $"--base-path={folder}", "--export-all", "--enable=receive-pack", $"--listen={hosts.Address("git")}", "--port=9418"]);
        var start = new ProcessStartInfo(fileName) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var daemon = Process.Start(start)!;
        var (probe, probeArguments) = hosts.On("git", "git", ["ls-remote", $"git://{hosts.Address("git")}/remote.git"]);
        for (var tries = 0; tries < 50; tries++)
        {
            using var check = Process.Start(new ProcessStartInfo(probe, probeArguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            check.WaitForExit();
            if (check.ExitCode == 0)
            {
                return daemon;
            }

            Thread.Sleep(100);
        }

        throw new InvalidOperationException("git daemon did not answer on the git host");
    }

    /// <summary>Host w2 cut off once its agent has started (the agents' file w2-started).</summary>
    private static async Task CutOffAsync(NetworkHosts hosts, string agentFolder)
    {
        await AppearsAsync(Path.Combine(agentFolder, "w2-started"));
        await hosts.CutAsync("w2");
    }

    /// <summary>Worker w1 killed once its agent has started its second session (the agents' file w1-second).</summary>
    private static async Task KillAsync(WorkerProcess w1, string agentFolder)
    {
        await AppearsAsync(Path.Combine(agentFolder, "w1-second"));
        w1.Kill();
    }

    /// <summary>Waits (at most two minutes) for the file an agent writes.</summary>
    private static async Task AppearsAsync(string path)
    {
        for (var waited = 0; waited < 1200 && !File.Exists(path); waited++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        File.Exists(path).ShouldBeTrue($"two minutes passed without {path}");
    }

    /// <summary>The files of main's tip with their contents, but for the ones a run stamps with times.</summary>
    private static string Files(LoopProjectGit git) =>
        string.Join('\n', git.Run("ls-tree", "-r", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.EndsWith("\tprogress.txt", StringComparison.Ordinal) && !l.EndsWith("\tfeature_list.json", StringComparison.Ordinal) && !l.EndsWith("\tpace.json", StringComparison.Ordinal)));
}
