using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests;

public sealed class CodexCliTests(AgentClis clis)
{
    [Fact(Timeout = 120_000)]
    public async Task Codex_writes_a_file_and_runs_a_command_with_its_real_tools()
    {
        using var sandbox = await Sandbox.CreateAsync();
        await using var server = ScriptedModelServer.Start();
        var hello = Path.Combine(sandbox.Repo, "hello.txt");
        server.Add(new ModelScript("E2E-CODEX-001",
            new WriteFile(hello, "hello from codex") { Text = "I'll add the file with apply_patch." },
            new RunShell("cp hello.txt copy.txt && git status --short"),
            new Say("done: hello.txt written")));

        var outcome = await Clis.CodexAsync(clis, sandbox, server, "Implement feature E2E-CODEX-001: create hello.txt");

        outcome.Result.ExitCode.ShouldBe(0, outcome.ToString());
        File.ReadAllText(hello).ShouldBe("hello from codex\n");
        File.ReadAllText(Path.Combine(sandbox.Repo, "copy.txt")).ShouldBe("hello from codex\n");
        var threadId = outcome.OfType("thread.started").Single().GetProperty("thread_id").GetString();
        threadId.ShouldNotBeNullOrEmpty();
        var items = outcome.OfType("item.completed").Select(e => e.GetProperty("item")).ToList();
        var change = items.Single(i => i.GetProperty("type").GetString() == "file_change");
        change.GetProperty("changes")[0].GetProperty("kind").GetString().ShouldBe("add");
        var command = items.Single(i => i.GetProperty("type").GetString() == "command_execution");
        command.GetProperty("exit_code").GetInt32().ShouldBe(0);
        (command.GetProperty("aggregated_output").GetString() ?? "").ShouldContain("?? copy.txt");
        items[^1].GetProperty("text").GetString().ShouldBe("done: hello.txt written");
        var usage = outcome.OfType("turn.completed").Single().GetProperty("usage");
        usage.GetProperty("output_tokens").GetInt32().ShouldBe(3 * Sse.OutputTokens);
        outcome.OfType("turn.failed").ShouldBeEmpty();
        server.TurnsFor("E2E-CODEX-001").ShouldBe([0, 1, 2]);
        server.ShouldHaveStayedOfflineAndQuiet(sandbox.ApiKey);
    }

    [Fact(Timeout = 120_000)]
    public async Task Codex_reports_a_rejected_request_as_a_failed_turn_and_exits_1()
    {
        using var sandbox = await Sandbox.CreateAsync();
        await using var server = ScriptedModelServer.Start();
        server.Add(new ModelScript("E2E-CODEX-400", new Fail(400, "scripted bad request")));

        var outcome = await Clis.CodexAsync(clis, sandbox, server, "Implement feature E2E-CODEX-400");

        outcome.Result.ExitCode.ShouldBe(1, outcome.ToString());
        outcome.OfType("thread.started").ShouldHaveSingleItem();
        var failed = outcome.OfType("turn.failed").Single();
        (failed.GetProperty("error").GetProperty("message").GetString() ?? "").ShouldContain("scripted bad request");
        outcome.OfType("turn.completed").ShouldBeEmpty();
        server.TurnsFor("E2E-CODEX-400").ShouldBe([0]);
        server.ShouldHaveStayedOfflineAndQuiet(sandbox.ApiKey);
    }
}
