using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>`pace run` with the real Codex CLI against the scripted model.</summary>
public sealed class CodexLoopTests(AgentClis clis)
{
    private static readonly ProjectSettings Codex = new() { Agent = "codex" };

    [Fact(Timeout = 180_000)]
    public async Task Pace_commits_what_Codex_built_and_undoes_the_passes_flag_Codex_set_itself()
    {
        await using var project = await PaceProject.CreateAsync(clis,
        [
            new("CX-1", "greet.sh prints hello", "SCRIPT-CODEX-GREET"),
            new("CX-2", "shout.sh prints HELLO", "SCRIPT-CODEX-SHOUT"),
        ], Codex);
        project.Script("SCRIPT-CODEX-GREET",
            new WriteFile(project.PathOf("greet.sh"), "echo hello") { Text = "I'll add greet.sh with apply_patch." },
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]"),
            new RunShell("sh check.sh"),
            new Say("CX-1 done: all tests pass."));
        project.Script("SCRIPT-CODEX-SHOUT",
            new WriteFile(project.PathOf("shout.sh"), "echo hello"),
            new WriteFile(project.PathOf("tests/shout.sh"), "[ \"$(sh shout.sh)\" = HELLO ]"),
            new RunShell("sed -i 's/\"passes\": *false/\"passes\": true/' feature_list.json"),
            new Say("CX-2 is done and I marked it passing."));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(1, run.ToString());
        (await project.SubjectsAsync()).ShouldBe(["feat(core): CX-1 - greet.sh prints hello", "sample project", "init"]);
        (await project.FilesOfAsync("HEAD")).ShouldBe(["feature_list.json", "greet.sh", "progress.txt", "tests/greet.sh"]);
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["CX-1"] = true, ["CX-2"] = false });
        project.Read("progress.txt").ShouldContain("### Session 1 - CX-1");
        (await project.GitAsync("status", "--porcelain")).ShouldBeEmpty();

        var passed = await project.EvidenceAsync(1);
        passed.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        passed.GetProperty("agent").GetString().ShouldBe("codex");
        passed.GetProperty("agentClaimsSuccess").GetBoolean().ShouldBeTrue();
        passed.GetProperty("agentSessionId").GetString().ShouldNotBeNullOrEmpty();
        passed.GetProperty("tokens").GetProperty("outputTokens").GetInt64().ShouldBe(4 * Sse.OutputTokens);
        passed.GetProperty("turns").GetInt32().ShouldBe(4);
        passed.GetProperty("costUsd").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);

        var tampered = await project.EvidenceAsync(2);
        PaceProject.Strings(tampered.GetProperty("tamper").GetProperty("ownedPathsTouched")).ShouldBe(["feature_list.json"]);
        PaceProject.Strings(tampered.GetProperty("verdict").GetProperty("notes")).ShouldContain(n => n.Contains("Pace owns (undone): feature_list.json"));
        tampered.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        tampered.GetProperty("verdict").GetProperty("claimedSuccessFalsely").GetBoolean().ShouldBeTrue();
        (await project.GitAsync("show", "refs/pace/attempts/CX-2/2:shout.sh")).ShouldBe("echo hello\n");
        (await project.GitAsync("show", "refs/pace/attempts/CX-2/2:feature_list.json")).ShouldBe(await project.GitAsync("show", "HEAD:feature_list.json"));
        (await project.GitAsync("log", "--format=%s", "-1", "refs/pace/attempts/CX-2/2")).ShouldContain("attempts session 2 of CX-2");
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task A_request_the_API_rejects_fails_the_Codex_session_with_the_APIs_message_in_the_evidence()
    {
        await using var project = await PaceProject.CreateAsync(clis, [new("CX-9", "greet.sh prints hello", "SCRIPT-CODEX-400")], Codex);
        project.Script("SCRIPT-CODEX-400", new Fail(400, "scripted bad request: the model refuses"));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(1, run.ToString());
        var evidence = await project.EvidenceAsync(1);
        evidence.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        evidence.GetProperty("agentExitCode").GetInt32().ShouldBe(1);
        evidence.GetProperty("agentClaimsSuccess").GetBoolean().ShouldBeFalse();
        PaceProject.Strings(evidence.GetProperty("agentErrors")).ShouldContain(e => e.Contains("scripted bad request: the model refuses"));
        (await project.SubjectsAsync()).ShouldBe(["sample project", "init"]);
        project.Passes()["CX-9"].ShouldBeFalse();
        project.Server.TurnsFor("SCRIPT-CODEX-400").ShouldAllBe(turns => turns == 0);
        await project.ShouldHaveKeptTheSecretAsync();
    }
}
