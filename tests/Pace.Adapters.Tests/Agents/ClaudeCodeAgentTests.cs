using Pace.Adapters.Agents;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>The Claude Code adapter against the fake agent standing in for the claude executable.</summary>
public sealed class ClaudeCodeAgentTests : IDisposable
{
    private readonly AgentScratch _scratch = new();

    private static ClaudeCodeAgent Claude(string? model = null, params string[] arguments) =>
        new(new AgentSettings("claude", AgentKind.Claude) { Executable = AgentScratch.FakeAgent, Model = model, Arguments = arguments });

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task I_can_run_claude_and_get_its_result_its_events_and_its_transcript()
    {
        var stream = StreamFeed.TranscriptPath("claude-06_bash_read_edit.jsonl");
        var request = _scratch.Request($"args {_scratch.File("args")}\nfile {stream}", new AgentLimits(TimeSpan.FromSeconds(30), MaxTurns: 7));

        var result = await Claude("opus", "--extra").RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ExitCode.ShouldBe(0);
        result.ClaimsSuccess.ShouldBeTrue();
        result.SessionId.ShouldBe("1e126526-739d-466a-bdfb-2de72eb0debe");
        result.FinalMessage.ShouldBe("All done: notes.txt created, edited and committed.");
        result.CostUsd.ShouldBe(0.000875m);
        result.Turns.ShouldBe(5);
        result.Errors.ShouldBeEmpty();
        result.TranscriptPath.ShouldBe(_scratch.TranscriptPath);
        _scratch.Transcript().ShouldBe(File.ReadAllText(stream));
        File.ReadAllLines(_scratch.File("args")).ShouldBe(
            ["-p", AgentScratch.Prompt, "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits", "--max-turns", "7", "--model", "opus", "--allowedTools", ClaudeCodeAgent.DefaultAllowedTools, "--extra"]);
        _scratch.Events[0].ShouldBeOfType<AgentSessionStarted>();
        _scratch.Events.OfType<AgentToolUsed>().Count().ShouldBe(4);
        _scratch.Events[^1].ShouldBe(new AgentFinished(true, "All done: notes.txt created, edited and committed."));
    }

    [Fact]
    public async Task I_see_a_session_whose_write_was_denied_as_not_claiming_success()
    {
        var request = _scratch.Request($"file {StreamFeed.TranscriptPath("claude-05_no_permission_flag.jsonl")}");

        var result = await Claude().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ExitCode.ShouldBe(0);
        result.ClaimsSuccess.ShouldBeFalse();
        result.PermissionDenials.ShouldBe(["Write /home/dev/project/hello.txt"]);
    }

    [Fact]
    public async Task I_see_that_claude_stopped_itself_at_the_turn_limit()
    {
        var request = _scratch.Request($"file {StreamFeed.TranscriptPath("claude-07_max_turns_1.jsonl")}\nexit 1", new AgentLimits(TimeSpan.FromSeconds(30), MaxTurns: 1));

        var result = await Claude().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.TurnLimit);
        result.ExitCode.ShouldBe(1);
        result.ClaimsSuccess.ShouldBeFalse();
        result.Errors.ShouldBe(["Reached maximum number of turns (1)"]);
    }

    [Fact]
    public async Task I_stop_a_session_whose_reported_cost_passes_the_budget()
    {
        const string result = "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"ok\",\"total_cost_usd\":2.5}";
        var request = _scratch.Request($"pid {_scratch.File("pid")}\nprint {result}\nhang", new AgentLimits(TimeSpan.FromSeconds(60), CostBudgetUsd: 1m));

        var outcome = await Claude().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        outcome.Exit.ShouldBe(AgentExit.BudgetExceeded);
        outcome.CostUsd.ShouldBe(2.5m);
        outcome.ClaimsSuccess.ShouldBeFalse();
        outcome.Errors.ShouldContain(e => e.Contains("budget"));
        (await ProcessProbe.IsGoneWithinAsync(_scratch.Pid("pid"), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task I_get_a_start_failure_naming_the_program_when_claude_is_not_installed()
    {
        var agent = new ClaudeCodeAgent(new AgentSettings("claude", AgentKind.Claude) { Executable = "claude-that-is-not-installed" });

        var result = await agent.RunAsync(_scratch.Request("exit 0"), _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.StartFailed);
        result.ExitCode.ShouldBeNull();
        result.ClaimsSuccess.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().ShouldContain("claude-that-is-not-installed");
        _scratch.Events.ShouldBe([new AgentFinished(false, null)]);
    }

    [Fact]
    public async Task I_find_what_the_agent_wrote_in_the_working_folder()
    {
        var request = _scratch.Request("write src/made-by-agent.txt hello there");

        await Claude().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        File.ReadAllText(Path.Combine(_scratch.WorkingFolder, "src", "made-by-agent.txt")).ShouldBe("hello there");
    }

    [Fact]
    public async Task I_never_find_a_secret_of_the_agents_environment_in_its_transcript_or_errors()
    {
        const string secret = "sk-ant-very-secret-4711";
        var request = _scratch.Request("env ANTHROPIC_API_KEY\nenv HOME\nstderr auth failed for sk-ant-very-secret-4711\nexit 1", null,
            ("ANTHROPIC_API_KEY", secret), ("HOME", _scratch.Root));

        var result = await Claude().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        _scratch.Transcript().ShouldBe($"[REDACTED]\n{_scratch.Root}\n");
        File.ReadAllText(_scratch.TranscriptPath + ".stderr").ShouldBe("auth failed for [REDACTED]\n");
        result.Errors.ShouldBe(["exited with code 1: auth failed for [REDACTED]"]);
        result.UnparsedLines.ShouldBe(2);
    }
}
