using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests;

public sealed class ClaudeCodeTests(AgentClis clis)
{
    [Fact(Timeout = 120_000)]
    public async Task Claude_Code_writes_a_file_and_runs_a_command_with_its_real_tools()
    {
        using var sandbox = await Sandbox.CreateAsync();
        await using var server = ScriptedModelServer.Start();
        var hello = Path.Combine(sandbox.Repo, "hello.txt");
        server.Add(new ModelScript("E2E-CLAUDE-001",
            new WriteFile(hello, "hello from claude\n") { Text = "I'll create the file." },
            new RunShell("cp hello.txt copy.txt && git status --short"),
            new Say("done: hello.txt written")));

        var outcome = await Clis.ClaudeAsync(clis, sandbox, server, "Implement feature E2E-CLAUDE-001: create hello.txt");

        outcome.Result.ExitCode.ShouldBe(0, outcome.ToString());
        File.ReadAllText(hello).ShouldBe("hello from claude\n");
        File.ReadAllText(Path.Combine(sandbox.Repo, "copy.txt")).ShouldBe("hello from claude\n");
        var init = outcome.OfType("system").First(e => e.GetProperty("subtype").GetString() == "init");
        var sessionId = init.GetProperty("session_id").GetString();
        Guid.TryParse(sessionId, out _).ShouldBeTrue();
        var toolResults = outcome.OfType("user").Select(e => e.GetProperty("message").GetProperty("content")[0].GetRawText()).ToList();
        toolResults.Count.ShouldBe(2);
        toolResults[1].ShouldContain("?? copy.txt");
        var result = outcome.Events[^1];
        result.GetProperty("type").GetString().ShouldBe("result");
        result.GetProperty("is_error").GetBoolean().ShouldBeFalse();
        result.GetProperty("session_id").GetString().ShouldBe(sessionId);
        result.GetProperty("result").GetString().ShouldBe("done: hello.txt written");
        result.GetProperty("permission_denials").GetArrayLength().ShouldBe(0);
        result.GetProperty("usage").GetProperty("output_tokens").GetInt32().ShouldBe(3 * Sse.OutputTokens);
        server.TurnsFor("E2E-CLAUDE-001").ShouldBe([0, 1, 2]);
        server.ShouldHaveStayedOfflineAndQuiet(sandbox.ApiKey);
    }

    [Fact(Timeout = 120_000)]
    public async Task Claude_Code_reports_a_rejected_request_as_an_error_and_exits_1()
    {
        using var sandbox = await Sandbox.CreateAsync();
        await using var server = ScriptedModelServer.Start();
        server.Add(new ModelScript("E2E-CLAUDE-400", new Fail(400, "scripted bad request")));

        var outcome = await Clis.ClaudeAsync(clis, sandbox, server, "Implement feature E2E-CLAUDE-400");

        outcome.Result.ExitCode.ShouldBe(1, outcome.ToString());
        var result = outcome.Events[^1];
        result.GetProperty("type").GetString().ShouldBe("result");
        result.GetProperty("is_error").GetBoolean().ShouldBeTrue();
        result.GetProperty("api_error_status").GetInt32().ShouldBe(400);
        (result.GetProperty("result").GetString() ?? "").ShouldContain("scripted bad request");
        server.TurnsFor("E2E-CLAUDE-400").ShouldBe([0]);
        server.ShouldHaveStayedOfflineAndQuiet(sandbox.ApiKey);
    }

    [Fact(Timeout = 120_000)]
    public async Task Claude_Code_retries_a_server_error_once_then_exits_1_when_told_to_retry_once()
    {
        using var sandbox = await Sandbox.CreateAsync();
        await using var server = ScriptedModelServer.Start();
        server.Add(new ModelScript("E2E-CLAUDE-500", new Fail(500, "scripted internal error")));

        var outcome = await Clis.ClaudeAsync(
            clis, sandbox, server, "Implement feature E2E-CLAUDE-500", new Dictionary<string, string> { ["CLAUDE_CODE_MAX_RETRIES"] = "1" });

        outcome.Result.ExitCode.ShouldBe(1, outcome.ToString());
        var retry = outcome.OfType("system").Single(e => e.GetProperty("subtype").GetString() == "api_retry");
        retry.GetProperty("error_status").GetInt32().ShouldBe(500);
        retry.GetProperty("max_retries").GetInt32().ShouldBe(1);
        var result = outcome.Events[^1];
        result.GetProperty("is_error").GetBoolean().ShouldBeTrue();
        result.GetProperty("api_error_status").GetInt32().ShouldBe(500);
        server.TurnsFor("E2E-CLAUDE-500").ShouldBe([0, 0]);
        server.ShouldHaveStayedOfflineAndQuiet(sandbox.ApiKey);
    }
}
