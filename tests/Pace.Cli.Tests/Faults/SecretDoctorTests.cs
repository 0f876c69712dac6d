using System.Text.Json;

namespace Pace.Cli.Tests.Faults;

/// <summary>Records an older Pace (or a person) left with a secret in them: the doctor names them without showing it, and --fix redacts them.</summary>
public sealed class SecretDoctorTests
{
    private const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ0fedcb";

    [Fact]
    public async Task The_doctor_reports_secrets_in_pace_records_and_committed_progress_and_fix_redacts_the_files()
    {
        using var project = CrashPointTests.Scenario();
        (await project.RunAsync("run", "--max-sessions", "1")).ExitCode.ShouldBe(0);
        var evidence = ".pace/sessions/0001/evidence.json";
        project.Write(evidence, project.Read(evidence).Replace("I implemented A-1", $"I used {Token} for A-1", StringComparison.Ordinal));
        project.Write("progress.txt", project.Read("progress.txt") + $"\nnote: pushed with {Token}\n");
        project.Git("commit", "-qam", "progress by hand");

        var doctor = await project.RunAsync("doctor");

        doctor.ExitCode.ShouldBe(1, doctor.ToString());
        doctor.Stdout.ShouldContain($"[PROBLEM] secrets/{evidence}: holds GitHub token");
        doctor.Stdout.ShouldContain("[PROBLEM] secrets/progress.txt: holds GitHub token");
        doctor.Stdout.ShouldContain("[note] secrets/progress.txt in git history: ");
        doctor.Stdout.ShouldContain("filter-repo");
        doctor.ToString().ShouldNotContain(Token);

        var fix = await project.RunAsync("doctor", "--fix");

        fix.ExitCode.ShouldBe(0, fix.ToString());
        fix.ToString().ShouldNotContain(Token);
        project.Read(evidence).ShouldNotContain(Token);
        project.Read(evidence).ShouldContain("I used [REDACTED] for A-1");
        using (JsonDocument.Parse(project.Read(evidence)))
        {
        }

        project.Read("progress.txt").ShouldContain("note: pushed with [REDACTED]");
        fix.Stdout.ShouldContain("[note] secrets/progress.txt in git history: ");
    }
}
