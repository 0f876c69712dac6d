using System.Text.Json;

namespace Pace.Cli.Tests.Loop;

/// <summary>A feature's own <c>verify</c> commands: run on the base before the session, and after it.</summary>
public sealed class AcceptanceTests
{
    private static void GiveVerify(LoopProject project, string featureId, string verifyJson)
    {
        var list = project.Read("feature_list.json");
        var at = list.IndexOf($"\"Feature {featureId}\"", StringComparison.Ordinal);
        project.Write("feature_list.json", list[..at] + $"\"Feature {featureId}\", \"verify\": {verifyJson}" + list[(at + $"\"Feature {featureId}\"".Length)..]);
        project.Git("commit", "-qam", $"verify for {featureId}");
    }

    private static JsonElement Sessions(PaceRun run)
    {
        using var summary = JsonDocument.Parse(run.Stdout);
        return summary.RootElement.GetProperty("sessions").Clone();
    }

    [Fact]
    public async Task A_feature_whose_verify_fails_after_the_session_is_not_passed_until_an_attempt_makes_it_pass()
    {
        using var project = new LoopProject("A-1");
        GiveVerify(project, "A-1", "[\"test -f A-1.txt\", \"grep -q done A-1.txt\"]");
        project.Behave("A-1", "echo notes >> notes.md", attempt: 1);
        project.Implements("A-1");

        var run = await project.RunAsync("run", "--until-complete", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        var sessions = Sessions(run);
        sessions.GetArrayLength().ShouldBe(2);
        var reasons = sessions[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        reasons.ShouldContain("check 'verify 1' failed with exit code 1");
        reasons.ShouldContain("check 'verify 2' failed with exit code 2");
        sessions[1].GetProperty("passed").GetBoolean().ShouldBeTrue();
        var evidence = project.Read(".pace/sessions/0002/evidence.json");
        evidence.ShouldContain("\"acceptanceOnBase\"");
        evidence.ShouldContain("test -f A-1.txt");
        project.Read("feature_list.json").ShouldContain("\"verify\": [\"test -f A-1.txt\", \"grep -q done A-1.txt\"]");
    }

    [Fact]
    public async Task A_feature_whose_verify_already_passes_on_the_base_is_reported_as_proving_nothing()
    {
        using var project = new LoopProject("A-1");
        GiveVerify(project, "A-1", "\"test -f tests/base.test\"");
        project.Implements("A-1");

        var run = await project.RunAsync("run", "--max-sessions", "1", "--json");

        var sessions = Sessions(run);
        sessions[0].GetProperty("passed").GetBoolean().ShouldBeFalse(run.ToString());
        sessions[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldContain(
            "the item's own checks already pass on the base, so they prove nothing about this session: 'verify' (test -f tests/base.test)");
    }

    [Fact]
    public async Task Pace_verify_marks_a_feature_built_by_hand_as_passing_and_keeps_the_evidence()
    {
        using var project = new LoopProject("A-1", "B-2");
        GiveVerify(project, "A-1", "\"grep -q done A-1.txt\"");
        GiveVerify(project, "B-2", "\"test -f B-2.txt\"");
        project.Write("A-1.txt", "done\n");
        project.Git("add", "-A");
        project.Git("commit", "-qm", "A-1 by hand");

        var run = await project.RunAsync("verify");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("A-1: verified (1 check passed); marked passing");
        run.Stdout.ShouldContain("B-2: not verified: 'test -f B-2.txt' exited 1");
        using var list = JsonDocument.Parse(project.Read("feature_list.json"));
        var features = list.RootElement.GetProperty("features");
        features[0].GetProperty("passes").GetBoolean().ShouldBeTrue();
        features[1].GetProperty("passes").GetBoolean().ShouldBeFalse();
        features[0].GetProperty("verify").GetString().ShouldBe("grep -q done A-1.txt");
        project.Read(".pace/verify/A-1.json").ShouldContain("\"command\": \"grep -q done A-1.txt\"");
        project.Exists(".pace/verify/B-2.json").ShouldBeFalse();
        project.Git("status", "--porcelain").ShouldBe(" M feature_list.json\n");
    }

    [Fact]
    public async Task Pace_verify_of_a_feature_without_verify_commands_changes_nothing()
    {
        using var project = new LoopProject("A-1");
        var before = project.Read("feature_list.json");

        var run = await project.RunAsync("verify", "A-1");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("feature A-1 has no \"verify\" commands");
        project.Read("feature_list.json").ShouldBe(before);
    }

    [Fact]
    public async Task A_verify_that_is_not_a_command_is_an_error_with_its_place()
    {
        using var project = new LoopProject("A-1");
        GiveVerify(project, "A-1", "[\"make\", 3]");

        var run = await project.RunAsync("validate");

        run.ExitCode.ShouldBe(2, run.ToString());
        (run.Stdout + run.Stderr).ShouldContain("\"verify\" must hold only commands (strings); found a number");
    }

    [Fact]
    public async Task A_session_that_breaks_an_earlier_feature_fails_and_names_it()
    {
        using var project = new LoopProject("A-1", "B-2");
        GiveVerify(project, "A-1", "\"test -f A-1.txt\"");
        // A-1 is proved by its own check, not by a test: only the regression check guards it.
        project.Behave("A-1", "echo done > A-1.txt");
        project.Behave("B-2", "rm A-1.txt; echo done > B-2.txt; echo 'needs B-2.txt' > tests/B-2.test", attempt: 1);
        project.Implements("B-2");

        var run = await project.RunAsync("run", "--until-complete", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        var sessions = Sessions(run);
        sessions.GetArrayLength().ShouldBe(3);
        sessions[1].GetProperty("featureId").GetString().ShouldBe("B-2");
        sessions[1].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ShouldBe(["check 'regression A-1' failed with exit code 1"]);
        sessions[2].GetProperty("passed").GetBoolean().ShouldBeTrue();
        project.Exists("A-1.txt").ShouldBeTrue();
    }
}
