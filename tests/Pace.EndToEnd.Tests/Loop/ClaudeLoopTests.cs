using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>`pace run` with the real Claude Code against the scripted model.</summary>
public sealed class ClaudeLoopTests(AgentClis clis)
{
    [Fact(Timeout = 180_000)]
    public async Task Pace_commits_what_Claude_Code_built_and_keeps_aside_what_it_falsely_called_done()
    {
        await using var project = await PaceProject.CreateAsync(clis,
        [
            new("CL-1", "greet.sh prints hello", "SCRIPT-CLAUDE-GREET"),
            new("CL-2", "add.sh adds two numbers", "SCRIPT-CLAUDE-ADD"),
        ]);
        project.Script("SCRIPT-CLAUDE-GREET",
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n") { Text = "I'll write greet.sh and its test." },
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new RunShell("sh check.sh"),
            new Say("CL-1 done: greet.sh prints hello and all tests pass."));
        project.Script("SCRIPT-CLAUDE-ADD",
            new WriteFile(project.PathOf("add.sh"), "echo $(($1 - $2))\n"),
            new WriteFile(project.PathOf("tests/add.sh"), "[ \"$(sh add.sh 2 3)\" = 5 ]\n"),
            new Say("Done, all tests pass."));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(1, run.ToString());
        (await project.SubjectsAsync()).ShouldBe(["feat(core): CL-1 - greet.sh prints hello", "sample project", "init"]);
        (await project.FilesOfAsync("HEAD")).ShouldBe(["feature_list.json", "greet.sh", "progress.txt", "tests/greet.sh"]);
        (await project.GitAsync("log", "-1", "--format=%B")).ShouldContain("Pace-Session: ");
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["CL-1"] = true, ["CL-2"] = false });
        project.Read("progress.txt").ShouldContain("### Session 1 - CL-1");
        project.Read("progress.txt").ShouldNotContain("CL-2");
        (await project.GitAsync("status", "--porcelain")).ShouldBeEmpty();
        project.Exists("add.sh").ShouldBeFalse();
        (await project.GitAsync("show", "refs/pace/attempts/CL-2/2:add.sh")).ShouldBe("echo $(($1 - $2))\n");

        var passed = await project.EvidenceAsync(1);
        passed.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        passed.GetProperty("resultCommit").GetString().ShouldBe((await project.GitAsync("rev-parse", "HEAD")).Trim());
        passed.GetProperty("agent").GetString().ShouldBe("claude");
        passed.GetProperty("agentExit").GetString().ShouldBe("Exited");
        passed.GetProperty("agentClaimsSuccess").GetBoolean().ShouldBeTrue();
        passed.GetProperty("turns").GetInt32().ShouldBe(4);
        passed.GetProperty("tokens").GetProperty("outputTokens").GetInt64().ShouldBe(4 * Sse.OutputTokens);
        passed.GetProperty("costUsd").GetDecimal().ShouldBeGreaterThan(0m);
        Guid.TryParse(passed.GetProperty("agentSessionId").GetString(), out _).ShouldBeTrue();
        passed.GetProperty("totalsAfter").GetProperty("passed").GetInt32().ShouldBe(3);
        passed.GetProperty("agentMessage").GetString().ShouldBe("CL-1 done: greet.sh prints hello and all tests pass.");

        var failed = await project.EvidenceAsync(2);
        failed.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        failed.GetProperty("verdict").GetProperty("claimedSuccessFalsely").GetBoolean().ShouldBeTrue();
        PaceProject.Strings(failed.GetProperty("verdict").GetProperty("reasons")).ShouldContain(r => r.Contains("tests"));
        failed.GetProperty("agentClaimsSuccess").GetBoolean().ShouldBeTrue();
        failed.GetProperty("agentMessage").GetString().ShouldBe("Done, all tests pass.");
        failed.GetProperty("attemptRef").GetString().ShouldBe("refs/pace/attempts/CL-2/2");
        failed.GetProperty("totalsAfter").GetProperty("failed").GetInt32().ShouldBe(1);
        failed.GetProperty("resultCommit").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        await project.ShouldHaveKeptTheSecretAsync();
    }
}
