using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>Claude Code sessions that fail for reasons outside the project: API errors, a denial, no server at all.</summary>
public sealed class ClaudeFailureTests(AgentClis clis)
{
    [Fact(Timeout = 180_000)]
    public async Task A_server_error_fails_the_Claude_session_with_the_APIs_message_in_the_evidence()
    {
        await using var project = await PaceProject.CreateAsync(clis, [new("CL-5", "greet.sh prints hello", "SCRIPT-CLAUDE-500")]);
        project.Script("SCRIPT-CLAUDE-500", new Fail(500, "scripted internal error: the model is down"));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(1, run.ToString());
        var evidence = await project.EvidenceAsync(1);
        evidence.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        evidence.GetProperty("agentExitCode").GetInt32().ShouldBe(1);
        evidence.GetProperty("agentClaimsSuccess").GetBoolean().ShouldBeFalse();
        PaceProject.Strings(evidence.GetProperty("agentErrors")).ShouldContain(e => e.Contains("scripted internal error: the model is down"));
        // CLAUDE_CODE_MAX_RETRIES=1 in pace.json: the request and one retry.
        project.Server.TurnsFor("SCRIPT-CLAUDE-500").ShouldBe([0, 0]);
        (await project.SubjectsAsync()).ShouldBe(["sample project", "init"]);
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task A_write_Claude_Code_is_denied_fails_the_session_even_when_the_checks_pass()
    {
        await using var project = await PaceProject.CreateAsync(clis, [new("CL-6", "greet.sh prints hello", "SCRIPT-CLAUDE-DENIED")]);
        var outside = Path.Combine(project.Sandbox.Root, "outside.txt");
        project.Script("SCRIPT-CLAUDE-DENIED",
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new WriteFile(outside, "written outside the repository\n"),
            new Say("Done."));

        var run = await project.RunAsync("run", "--agent", "claude-strict", "--max-failures", "1");

        run.ExitCode.ShouldBe(1, run.ToString());
        File.Exists(outside).ShouldBeFalse();
        var evidence = await project.EvidenceAsync(1);
        evidence.GetProperty("checks")[0].GetProperty("exitCode").GetInt32().ShouldBe(0);
        evidence.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        PaceProject.Strings(evidence.GetProperty("permissionDenials")).ShouldBe([$"Write {outside}"]);
        PaceProject.Strings(evidence.GetProperty("verdict").GetProperty("reasons")).ShouldContain(r => r.StartsWith("permission denied", StringComparison.Ordinal));
        evidence.GetProperty("agentClaimsSuccess").GetBoolean().ShouldBeFalse();
        (await project.SubjectsAsync()).ShouldBe(["sample project", "init"]);
        (await project.GitAsync("show", "refs/pace/attempts/CL-6/1:greet.sh")).ShouldBe("echo hello\n");
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task The_time_limit_ends_a_session_whose_model_server_is_unreachable_and_the_next_session_goes_on()
    {
        // 0.1 minutes: Claude Code retries a refused connection for minutes; Pace must not wait for it.
        await using var project = await PaceProject.CreateAsync(clis, [new("CL-7", "greet.sh prints hello", "SCRIPT-CLAUDE-LATER")], new ProjectSettings { TimeoutMinutes = 0.1m });
        project.Script("SCRIPT-CLAUDE-LATER",
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say("Done."));

        var offline = await project.RunAsync("run", "--agent", "claude-offline", "--max-sessions", "1");
        // The next run gets a time limit no busy machine can reach, as a user would raise it.
        project.Write("pace.json", project.Read("pace.json").Replace("\"timeoutMinutes\": 0.1", "\"timeoutMinutes\": 2", StringComparison.Ordinal));
        await project.GitAsync("commit", "-q", "-am", "more time");
        var online = await project.RunAsync("run");

        offline.ExitCode.ShouldBe(0, offline.ToString());
        var timedOut = await project.EvidenceAsync(1);
        timedOut.GetProperty("agentExit").GetString().ShouldBe("TimedOut");
        timedOut.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        PaceProject.Strings(timedOut.GetProperty("agentErrors")).ShouldContain(e => e.StartsWith("killed at the time limit", StringComparison.Ordinal));
        PaceProject.Strings(timedOut.GetProperty("verdict").GetProperty("reasons")).ShouldContain(r => r.Contains("time limit"));
        online.ExitCode.ShouldBe(0, online.ToString());
        (await project.SubjectsAsync()).ShouldBe(["feat(core): CL-7 - greet.sh prints hello", "more time", "sample project", "init"]);
        (await project.EvidenceAsync(2)).GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        project.Server.TurnsFor("SCRIPT-CLAUDE-LATER").ShouldBe([0, 1, 2]);
        AgentProcesses.In(project.Repo).ShouldBeEmpty();
        await project.ShouldHaveKeptTheSecretAsync();
    }
}
