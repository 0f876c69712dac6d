using System.Text.Json;

namespace Pace.Cli.Tests.Faults;

public sealed class DoctorTests
{
    [Fact]
    public async Task The_doctor_finds_a_finished_run_healthy_and_lists_what_it_checked()
    {
        using var project = CrashPointTests.Scenario();
        (await project.RunAsync("run", "--until-complete")).ExitCode.ShouldBe(0);

        var doctor = await project.RunAsync("doctor", "--json");

        doctor.ExitCode.ShouldBe(0, doctor.ToString());
        using var report = JsonDocument.Parse(doctor.Stdout);
        report.RootElement.GetProperty("healthy").GetBoolean().ShouldBeTrue();
        var checks = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("check").GetString()).ToList();
        checks.ShouldBe(["lock", "git identity", "journal", "state", "feature list", "evidence", "records"]);
        report.RootElement.GetProperty("findings")[3].GetProperty("found").GetString()!.ShouldContain("finished (AllPassing) after 3 sessions");
    }

    [Theory]
    [InlineData("verified:1", "passed verification but its commit is missing", "redoes the bookkeeping")]
    [InlineData("commit-made:1", "its commit", "pace run records it")]
    [InlineData("verified:2", "failed verification", "keeps the attempt on its ref")]
    [InlineData("agent-exited:1", "interrupted at phase Started", "refs/pace/interrupted/")]
    public async Task The_doctor_says_how_an_interrupted_session_stands_against_git_and_what_pace_run_will_do(string crash, string found, string action)
    {
        using var project = CrashPointTests.Scenario();
        await DiskFaultTests.CrashAtAsync(project, crash);

        var doctor = await project.RunAsync("doctor");

        // The killed run's lock is the one problem; the session itself is for pace run to finish.
        doctor.ExitCode.ShouldBe(1, doctor.ToString());
        doctor.Stdout.ShouldContain("[PROBLEM] loop/lock: ");
        doctor.Stdout.ShouldContain("1 problem remains");
        doctor.Stdout.ShouldContain("[note] loop/session phase: ");
        doctor.Stdout.ShouldContain(found);
        doctor.Stdout.ShouldContain(action);
    }

    [Fact]
    public async Task The_doctor_notes_a_deleted_attempt_ref_and_pace_run_is_not_disturbed_by_it()
    {
        using var project = CrashPointTests.Scenario();
        (await project.RunAsync("run", "--max-sessions", "2")).ExitCode.ShouldBe(0);
        project.Git("update-ref", "-d", "refs/pace/attempts/B-2/2");

        var doctor = await project.RunAsync("doctor");
        var run = await project.RunAsync("run", "--until-complete");

        doctor.ExitCode.ShouldBe(0, doctor.ToString());
        doctor.Stdout.ShouldContain("refs/pace/attempts/B-2/2, the failed work of session 2, was deleted");
        run.ExitCode.ShouldBe(0, run.ToString());
    }

    [Fact]
    public async Task The_doctor_reports_a_verified_session_without_evidence_as_a_problem_for_a_person()
    {
        using var project = CrashPointTests.Scenario();
        await DiskFaultTests.CrashAtAsync(project, "verified:1");
        File.Delete(Path.Combine(project.Folder, ".pace/sessions/0001/evidence.json"));

        var doctor = await project.RunAsync("doctor", "--fix");

        doctor.ExitCode.ShouldBe(1, doctor.ToString());
        doctor.Stdout.ShouldContain("[PROBLEM] loop/evidence: verified session 1 has no evidence file");
        doctor.Stdout.ShouldContain("1 problem remains");
    }

    [Fact]
    public async Task The_doctor_cuts_a_torn_journal_line_with_fix_and_only_then()
    {
        using var project = CrashPointTests.Scenario();
        await DiskFaultTests.CrashAtAsync(project, "verified:1");
        var journal = Path.Combine(project.Folder, ".pace/run/journal.jsonl");
        File.AppendAllText(journal, "{\"at\":");
        var torn = File.ReadAllText(journal);

        var look = await project.RunAsync("doctor");
        File.ReadAllText(journal).ShouldBe(torn);
        var fix = await project.RunAsync("doctor", "--fix");

        look.ExitCode.ShouldBe(1, look.ToString());
        look.Stdout.ShouldContain("would: cut the torn last line (pace run does this too) (pace doctor --fix)");
        fix.ExitCode.ShouldBe(0, fix.ToString());
        fix.Stdout.ShouldContain("fixed: cut the torn last line");
        File.ReadAllText(journal).ShouldBe(torn[..torn.LastIndexOf('{')]);
    }

    [Fact]
    public async Task The_doctor_outside_a_git_repository_is_bad_input()
    {
        using var temp = new TempFolder();
        temp.Write("feature_list.json", SampleLists.Standard());

        var doctor = await Pace.RunAsync(temp.Path, "doctor");

        doctor.ExitCode.ShouldBe(2, doctor.ToString());
        doctor.Stderr.ShouldContain("not in a git repository");
    }
}
