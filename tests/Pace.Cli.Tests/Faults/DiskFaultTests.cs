using System.Text.Json;
using Pace.Adapters.Processes;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

/// <summary>Damaged files and hand-made changes between runs: Pace says what it found, then repairs it or stops with exit 2.</summary>
public sealed class DiskFaultTests
{
    internal static async Task CrashAtAsync(LoopProject project, string point)
    {
        var run = await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = point }, "run", "--until-complete");
        run.ExitCode.ShouldBe(137, run.ToString());
    }

    [Fact]
    public async Task A_truncated_run_state_stops_the_run_and_the_doctor_moves_it_aside()
    {
        using var project = CrashPointTests.Scenario();
        project.Implements("B-2");
        await CrashAtAsync(project, "session-started:1");
        var state = project.Read(".pace/run/state.json");
        project.Write(".pace/run/state.json", state[..(state.Length / 2)]);
        var head = project.Git("rev-parse", "HEAD");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain(".pace/run/state.json");
        run.Stderr.ShouldContain("cannot be read");
        run.Stderr.ShouldContain("pace doctor --fix");
        project.Git("rev-parse", "HEAD").ShouldBe(head);
        (await project.RunAsync("doctor")).ExitCode.ShouldBe(1);

        var fix = await project.RunAsync("doctor", "--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        fix.Stdout.ShouldContain("moved the unreadable run state to");
        Directory.GetFiles(Path.Combine(project.Folder, ".pace/run"), "state.json.broken-*").Length.ShouldBe(1);
        (await project.RunAsync("run", "--until-complete")).ExitCode.ShouldBe(0);
        project.Subjects().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_journal_torn_by_a_crash_is_cut_at_its_last_line_and_the_run_goes_on()
    {
        using var project = CrashPointTests.Scenario();
        project.Implements("B-2");
        await CrashAtAsync(project, "verified:1");
        File.AppendAllText(Path.Combine(project.Folder, ".pace/run/journal.jsonl"), "{\"at\":\"2026-01-0");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("dropped the last line");
        foreach (var line in Sessions.Journal(project).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var entry = JsonDocument.Parse(line);
            entry.RootElement.GetProperty("step").GetString().ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task A_run_whose_branch_was_deleted_by_hand_stops_and_says_how_to_recreate_it()
    {
        using var project = CrashPointTests.Scenario();
        project.Implements("B-2");
        await CrashAtAsync(project, "verified:1");
        var baseCommit = project.Git("rev-parse", "HEAD").Trim();
        project.Git("checkout", "-q", "-b", "other");
        project.Git("branch", "-q", "-D", "main");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("started on branch main, which was deleted");
        run.Stderr.ShouldContain($"git branch main {baseCommit[..12]}");
        project.Git("symbolic-ref", "--short", "HEAD").Trim().ShouldBe("other");
        project.Git("branch", "-q", "main", baseCommit);
        project.Git("checkout", "-q", "main");
        (await project.RunAsync("run", "--until-complete")).ExitCode.ShouldBe(0);
        project.Subjects().Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_lock_left_by_a_dead_process_is_named_and_taken_over()
    {
        using var project = CrashPointTests.Scenario();
        project.Implements("B-2");
        var (_, pid, _) = await ProcessRunner.CaptureAsync(new ProcessSpec("sh", ["-c", "echo $$"], project.Folder), TestContext.Current.CancellationToken);
        project.Write(".pace/lock", $$"""{"pid": {{pid.Trim()}}, "host": "{{Environment.MachineName}}", "command": "pace run", "acquiredAt": "2026-01-01T00:00:00Z", "token": "dead"}""");

        var doctor = await project.RunAsync("doctor");
        var run = await project.RunAsync("run", "--until-complete");

        doctor.ExitCode.ShouldBe(1, doctor.ToString());
        doctor.Stdout.ShouldContain($"left by a Pace that is gone: pid {pid.Trim()}");
        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain($"took over the lock left by a Pace that is gone: pid {pid.Trim()}");
        project.Exists(".pace/lock").ShouldBeFalse();
    }

    [Fact]
    public async Task A_feature_list_made_invalid_between_runs_stops_the_run_naming_line_and_column()
    {
        using var project = CrashPointTests.Scenario();
        await CrashAtAsync(project, "session-finished:1");
        project.Write("feature_list.json", "{\n  \"features\": [\n    { \"id\": \"A-1\", }\n");
        var head = project.Git("rev-parse", "HEAD");

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldMatch(@"feature_list\.json:3:\d+");
        project.Read("feature_list.json").ShouldBe("{\n  \"features\": [\n    { \"id\": \"A-1\", }\n");
        project.Git("rev-parse", "HEAD").ShouldBe(head);
    }
}
