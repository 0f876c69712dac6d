using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests;

public sealed class GeminiCliTests(AgentClis clis)
{
    [Fact(Timeout = 120_000)]
    public async Task Gemini_writes_a_file_and_runs_a_command_with_its_real_tools()
    {
        using var sandbox = await Sandbox.CreateAsync();
        await using var server = ScriptedModelServer.Start();
        var hello = Path.Combine(sandbox.Repo, "hello.txt");
        server.Add(new ModelScript("E2E-GEMINI-001",
            new WriteFile(hello, "hello from gemini\n") { Text = "I'll create the file." },
            new RunShell("cp hello.txt copy.txt && git status --short"),
            new Say("done: hello.txt written")));

        var outcome = await Clis.GeminiAsync(clis, sandbox, server, "Implement feature E2E-GEMINI-001: create hello.txt");

        outcome.Result.ExitCode.ShouldBe(0, outcome.ToString());
        File.ReadAllText(hello).ShouldBe("hello from gemini\n");
        File.ReadAllText(Path.Combine(sandbox.Repo, "copy.txt")).ShouldBe("hello from gemini\n");
        var sessionId = outcome.OfType("init").Single().GetProperty("session_id").GetString();
        Guid.TryParse(sessionId, out _).ShouldBeTrue();
        outcome.OfType("tool_use").Select(e => e.GetProperty("tool_name").GetString()).ShouldBe(["write_file", "run_shell_command"]);
        var results = outcome.OfType("tool_result").ToList();
        results.Select(e => e.GetProperty("status").GetString()).ShouldBe(["success", "success"]);
        (results[1].GetProperty("output").GetString() ?? "").ShouldContain("?? copy.txt");
        var result = outcome.Events[^1];
        result.GetProperty("type").GetString().ShouldBe("result");
        result.GetProperty("status").GetString().ShouldBe("success");
        result.GetProperty("stats").GetProperty("tool_calls").GetInt32().ShouldBe(2);
        result.GetProperty("stats").GetProperty("output_tokens").GetInt32().ShouldBe(3 * Sse.OutputTokens);
        server.TurnsFor("E2E-GEMINI-001").ShouldBe([0, 1, 2]);
        server.ShouldHaveStayedOfflineAndQuiet(sandbox.ApiKey);
    }

    [Fact(Timeout = 120_000)]
    public async Task Gemini_reports_a_rejected_request_as_an_error_result_and_exits_144()
    {
        using var sandbox = await Sandbox.CreateAsync();
        await using var server = ScriptedModelServer.Start();
        server.Add(new ModelScript("E2E-GEMINI-400", new Fail(400, "scripted bad request")));

        var outcome = await Clis.GeminiAsync(clis, sandbox, server, "Implement feature E2E-GEMINI-400");

        outcome.Result.ExitCode.ShouldBe(144, outcome.ToString());
        var result = outcome.Events[^1];
        result.GetProperty("type").GetString().ShouldBe("result");
        result.GetProperty("status").GetString().ShouldBe("error");
        (result.GetProperty("error").GetProperty("message").GetString() ?? "").ShouldContain("scripted bad request");
        server.TurnsFor("E2E-GEMINI-400").ShouldBe([0]);
        server.ShouldHaveStayedOfflineAndQuiet(sandbox.ApiKey);
    }
}
