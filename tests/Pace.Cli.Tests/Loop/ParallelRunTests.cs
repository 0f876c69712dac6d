namespace Pace.Cli.Tests.Loop;

/// <summary>
/// `pace run --parallel N`: several features at once, each in a lane of its own (.pace/lanes/N on
/// branch pace/lane/N), each verified, and the passing ones brought onto branch pace/run by the merge
/// queue one at a time, with the feature list and progress.txt written there only.
/// </summary>
public sealed class ParallelRunTests
{
    [Fact]
    public async Task Four_features_on_two_slots_run_two_at_a_time_and_land_as_one_commit_each_with_nothing_left_behind()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3", "D-4");
        var marks = Path.Combine(project.AgentFolder, "marks");
        foreach (var id in new[] { "A-1", "B-2", "C-3", "D-4" })
        {
            // Each agent says when it starts and ends, and takes long enough for the others to start meanwhile.
            project.Behave(id, $"echo start >> {marks}; sleep 2; echo done > {id}.txt; mkdir -p tests; echo 'needs {id}.txt' > tests/{id}.test; echo end >> {marks}");
        }

        var run = await project.RunAsync("run", "--parallel", "2", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("Moved main forward by the run's 4 commit(s).");
        var subjects = project.Subjects();
        subjects.Count.ShouldBe(5);
        subjects[^1].ShouldBe("Initial project");
        subjects.Take(4).Order().ShouldBe(["feat(core): A-1 - Feature A-1", "feat(core): B-2 - Feature B-2", "feat(core): C-3 - Feature C-3", "feat(core): D-4 - Feature D-4"]);
        foreach (var id in new[] { "A-1", "B-2", "C-3", "D-4" })
        {
            project.Read($"{id}.txt").ShouldBe("done\n");
            project.Read("progress.txt").ShouldContain($"{id}");
        }

        project.Read("feature_list.json").ShouldNotContain("\"passes\": false");
        project.Git("status", "--porcelain").ShouldBeEmpty();
        // Two agents ran at once: a second one started before the first ended, and never more than two.
        var order = File.ReadAllLines(marks);
        order.Take(2).ShouldBe(["start", "start"]);
        MostAtOnce(order).ShouldBe(2);
        NothingLeft(project);
    }

    [Fact]
    public async Task A_feature_starts_only_once_the_feature_it_depends_on_is_on_the_run_branch()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        project.Implements("A-1");
        project.Implements("B-2");
        // C-3 builds on A-1's file: its lane must start from a base that has it.
        project.Behave("C-3", "test -f A-1.txt || { echo 'A-1 is not here'; exit 1; }; echo done > C-3.txt; mkdir -p tests; echo 'needs C-3.txt' > tests/C-3.test");
        project.DependsOn("C-3", "A-1");

        var run = await project.RunAsync("run", "--parallel", "3", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        var subjects = project.Subjects().ToList();
        subjects.Count.ShouldBe(5);
        subjects.IndexOf("feat(core): C-3 - Feature C-3").ShouldBeLessThan(subjects.IndexOf("feat(core): A-1 - Feature A-1"));
        File.ReadAllText(Path.Combine(project.AgentFolder, "count-C-3")).Trim().ShouldBe("1");
        NothingLeft(project);
    }

    [Fact]
    public async Task Two_features_that_edit_the_same_lines_both_land_the_second_after_a_conflict_and_a_new_session_on_the_new_base()
    {
        using var project = new LoopProject("A-1", "B-2");
        foreach (var id in new[] { "A-1", "B-2" })
        {
            project.Behave(id, $"echo {id} >> shared.txt; echo done > {id}.txt; mkdir -p tests; echo 'needs {id}.txt' > tests/{id}.test");
        }

        var run = await project.RunAsync("run", "--parallel", "2", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Subjects().Count.ShouldBe(3);
        project.Read("shared.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ShouldBe(["A-1", "B-2"]);
        var journal = File.ReadAllText(Path.Combine(project.Folder, ".pace/run/journal.jsonl"));
        journal.ShouldContain("integration-refused", Case.Sensitive, run.ToString());
        run.Stdout.ShouldContain("its work conflicts with the run's branch, which took other features' work meanwhile (shared.txt)");
        // The refused work is kept, not lost: its shared.txt holds only its own line.
        var kept = project.Git("for-each-ref", "--format=%(refname)", "refs/pace/kept/").Trim();
        kept.ShouldNotBeEmpty();
        project.Git("show", $"{kept}:shared.txt").Trim().ShouldBeOneOf("A-1", "B-2");
        // Three sessions: one of the two features needed a second one.
        (int.Parse(File.ReadAllText(Path.Combine(project.AgentFolder, "count-A-1")), System.Globalization.CultureInfo.InvariantCulture)
            + int.Parse(File.ReadAllText(Path.Combine(project.AgentFolder, "count-B-2")), System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(3);
        NothingLeft(project);
    }

    [Fact]
    public async Task Three_features_that_all_append_to_one_changelog_all_land_each_refused_one_running_again_alone()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        foreach (var id in new[] { "A-1", "B-2", "C-3" })
        {
            project.Behave(id, $"sleep 1; echo '- {id}' >> CHANGELOG.md; echo done > {id}.txt; mkdir -p tests; echo 'needs {id}.txt' > tests/{id}.test");
        }

        var run = await project.RunAsync("run", "--parallel", "3", "--until-complete");

        // Before the rerun ran alone, the refused features raced the next lanes again and ended stuck.
        run.ExitCode.ShouldBe(0, run.ToString());
        project.Read("CHANGELOG.md").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ShouldBe(["- A-1", "- B-2", "- C-3"]);
        project.Subjects().Count.ShouldBe(4);
        run.Stdout.ShouldContain("the feature runs again alone from the new base");
        run.Stdout.ShouldNotContain("is stuck");
        // Each refused feature needed exactly one more session: 3 features, 2 refused at most once each.
        run.Stdout.ShouldContain("Sessions run: 5");
        NothingLeft(project);
    }

    [Fact]
    public async Task Two_features_that_pass_alone_and_break_together_never_make_the_run_branch_red()
    {
        using var project = new LoopProject("A-1", "B-2");
        // A test runner with one more kind of test: "absent FILE" passes only where FILE does not exist.
        project.Write("check.sh", LoopProject.CheckScript.Replace(
            "elif grep -q pass",
            "elif absent=$(sed -n 's/^absent //p' \"$t\") && [ -n \"$absent\" ]; then\n    if [ -f \"$absent\" ]; then failed=$((failed + 1)); else passed=$((passed + 1)); fi\n  elif grep -q pass",
            StringComparison.Ordinal));
        project.Git("commit", "-q", "-am", "absent tests");
        project.Implements("A-1");
        // B-2's own test says A-1's file must not exist: true alone, false with A-1's work.
        project.Behave("B-2", "echo done > B-2.txt; mkdir -p tests; echo 'needs B-2.txt' > tests/B-2.test; echo 'absent A-1.txt' > tests/B-2-alone.test");

        var run = await project.RunAsync("run", "--parallel", "2", "--until-complete");

        run.ExitCode.ShouldNotBe(0, run.ToString());
        var journal = File.ReadAllText(Path.Combine(project.Folder, ".pace/run/journal.jsonl"));
        journal.ShouldContain("integration-refused", Case.Sensitive, run.ToString());
        run.Stdout.ShouldContain("with the other features' work on the run's branch: check 'tests' failed with exit code 1 (3 passed, 1 failed)");
        project.Git("for-each-ref", "--format=%(refname)", "refs/pace/kept/").Trim().ShouldNotBeEmpty();
        // Exactly one of the two is on the branch (main took the run's work at the end), and every commit of it passes the checks.
        var landed = project.Git("log", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        landed.Count(s => s.StartsWith("feat(core):", StringComparison.Ordinal)).ShouldBe(1);
        foreach (var commit in project.Git("rev-list", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tree = Path.Combine(project.AgentFolder, "tree-" + commit[..8]);
            project.Git("worktree", "add", "-q", "--detach", tree, commit);
            var check = await Adapters.Processes.ProcessRunner.CaptureAsync(new Adapters.Processes.ProcessSpec("sh", ["check.sh"], tree) { Timeout = TimeSpan.FromSeconds(30) }, TestContext.Current.CancellationToken);
            check.Result.ExitCode.ShouldBe(0, $"commit {commit}: {check.Stdout}");
            project.Git("worktree", "remove", "--force", tree);
        }
    }

    [Theory]
    [InlineData("session-started:2")]
    [InlineData("agent-finished:1")]
    [InlineData("lane-committed:2")]
    [InlineData("progress-written:1")]
    [InlineData("integrated:2")]
    [InlineData("session-finished:1")]
    public async Task A_parallel_run_killed_at_a_step_resumes_to_the_same_end(string step)
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        project.Implements("A-1");
        project.Implements("B-2");
        project.Implements("C-3");

        var killed = await project.RunAsync(new Dictionary<string, string?> { [LoopHostCrash] = step }, "run", "--parallel", "2", "--until-complete");
        var resumed = await project.RunAsync("run");

        killed.ExitCode.ShouldNotBe(0, killed.ToString());
        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        var subjects = project.Subjects();
        subjects.Count.ShouldBe(4, string.Join("\n", subjects));
        subjects.Distinct().Count().ShouldBe(4);
        project.Read("feature_list.json").ShouldNotContain("\"passes\": false");
        project.Read("progress.txt").Split('\n').Count(l => l.StartsWith("### Session", StringComparison.Ordinal)).ShouldBe(3, project.Read("progress.txt"));
        NothingLeft(project);
    }

    [Fact]
    public async Task Status_and_doctor_name_the_features_the_lanes_of_an_interrupted_parallel_run_work_on()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        project.Implements("A-1");
        project.Implements("B-2");
        project.Implements("C-3");

        var killed = await project.RunAsync(new Dictionary<string, string?> { [LoopHostCrash] = "session-started:2" }, "run", "--parallel", "2");
        var status = await project.RunAsync("status");
        var doctor = await project.RunAsync("doctor");

        killed.ExitCode.ShouldNotBe(0, killed.ToString());
        // Whether a lane's worktree was made before the kill depends on timing; its session is named either way.
        doctor.Stdout.ShouldContain("session 1 (A-1, Started) works in .pace/lanes/1 on branch pace/lane/1", Case.Sensitive, doctor.ToString());
        doctor.Stdout.ShouldContain("session 2 (B-2, Started) works in .pace/lanes/2 on branch pace/lane/2", Case.Sensitive, doctor.ToString());
        status.ExitCode.ShouldBe(0, status.ToString());
        status.Stdout.ShouldContain("Run: a run works on branch pace/run in .pace/run-tree: 0/3 passing there; working on A-1 (session 1, .pace/lanes/1), B-2 (session 2, .pace/lanes/2); this checkout shows your branch");
    }

    [Fact]
    public async Task Ctrl_C_stops_every_lane_keeps_each_ones_partial_work_and_the_next_run_finishes_them()
    {
        using var project = new LoopProject("A-1", "B-2");
        foreach (var id in new[] { "A-1", "B-2" })
        {
            // The agent's parent is pace: each agent leaves its pid, then waits to be stopped.
            var pid = Path.Combine(project.AgentFolder, $"pace.pid.{id}");
            project.Behave(id, $"echo partial > {id}.txt; echo $PPID > {pid}; sleep 60", attempt: 1);
            project.Implements(id);
        }

        var run = project.RunAsync("run", "--parallel", "2", "--until-complete");
        var pids = new[] { "A-1", "B-2" }.Select(id => Path.Combine(project.AgentFolder, $"pace.pid.{id}")).ToList();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!pids.All(p => File.Exists(p) && File.ReadAllText(p).EndsWith('\n')))
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        var kill = await Adapters.Processes.ProcessRunner.CaptureAsync(new Adapters.Processes.ProcessSpec("kill", ["-INT", File.ReadAllText(pids[0]).Trim()], project.Folder), TestContext.Current.CancellationToken);
        kill.Result.ExitCode.ShouldBe(0);
        var interrupted = await run;

        interrupted.ExitCode.ShouldBe(130, interrupted.ToString());
        project.Git("show", "refs/pace/interrupted/A-1/1:A-1.txt").Trim().ShouldBe("partial");
        project.Git("show", "refs/pace/interrupted/B-2/2:B-2.txt").Trim().ShouldBe("partial");
        project.Git("status", "--porcelain").ShouldBeEmpty();
        var state = project.Read(".pace/run/state.json");
        state.ShouldContain("\"lanes\": [");
        state.Split("\"phase\": \"Started\"").Length.ShouldBe(3, state);

        var resumed = await project.RunAsync("run");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        project.Subjects().Count.ShouldBe(3);
        project.Read("A-1.txt").ShouldBe("done\n");
        project.Read("B-2.txt").ShouldBe("done\n");
        NothingLeft(project);
    }

    [Fact]
    public async Task A_usage_window_met_in_one_lane_pauses_the_run_once_the_other_lane_is_done_and_counts_no_failure()
    {
        using var project = UsageLimitTests.Project("""{ "jitterSeconds": 0 }""", "A-1", "B-2");
        File.WriteAllText(Path.Combine(project.AgentFolder, "limit.A-1"), "reset 2\n");

        var run = await project.RunAsync("run", "--parallel", "2", "--until-complete", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("(fake-claude, five_hour limit): not counted as a failure");
        run.Stdout.ShouldContain("Resumed after the five_hour limit of fake-claude");
        project.Subjects().Where(s => s.StartsWith("feat(", StringComparison.Ordinal)).Order().ShouldBe(["feat(core): A-1 - Feature A-1", "feat(core): B-2 - Feature B-2"]);
        project.Git("show", "refs/pace/interrupted/A-1/1:partial.txt").Trim().ShouldBe("partial");
        var journal = File.ReadAllText(Path.Combine(project.Folder, ".pace/run/journal.jsonl"));
        // B-2's lane finished (and landed) before the run waited: no session started during the pause.
        var steps = journal.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("step").GetString()).ToList();
        steps.IndexOf("paused").ShouldBeLessThan(steps.IndexOf("resumed"));
        steps.Skip(steps.IndexOf("paused")).TakeWhile(s => s != "resumed").ShouldNotContain("session-started");
        Faults.Outcome.State(project).GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        NothingLeft(project);
    }

    private const string LoopHostCrash = "PACE_CRASH_AT";

    private static int MostAtOnce(IEnumerable<string> marks)
    {
        int now = 0, most = 0;
        foreach (var mark in marks)
        {
            now += mark == "start" ? 1 : -1;
            most = Math.Max(most, now);
        }

        return most;
    }

    /// <summary>No lane, worktree or branch of the run is left, and the person's checkout is clean.</summary>
    private static void NothingLeft(LoopProject project)
    {
        project.Git("for-each-ref", "--format=%(refname)", "refs/heads/pace/").ShouldBeEmpty();
        project.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
        var lanes = Path.Combine(project.Folder, ".pace/lanes");
        (Directory.Exists(lanes) ? Directory.EnumerateFileSystemEntries(lanes).ToList() : []).ShouldBeEmpty();
    }
}
