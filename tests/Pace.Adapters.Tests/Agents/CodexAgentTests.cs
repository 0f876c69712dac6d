using Pace.Adapters.Agents;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>The Codex adapter against the fake agent standing in for the codex executable.</summary>
public sealed class CodexAgentTests : IDisposable
{
    private static readonly string Patched = StreamFeed.TranscriptPath("codex-09_apply_patch_exec_commit_fullaccess.jsonl");
    private readonly AgentScratch _scratch = new();

    private static CodexAgent Codex(string? model = null) =>
        new(new AgentSettings("codex", AgentKind.Codex) { Executable = AgentScratch.FakeAgent, Model = model });

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task I_can_run_codex_with_a_closed_stdin_and_get_its_last_message()
    {
        // "stdin" reads to the end of standard input: an open stdin would hang until the time limit.
        var request = _scratch.Request($"args {_scratch.File("args")}\nstdin\nfile {Patched}", new AgentLimits(TimeSpan.FromSeconds(30)));

        var result = await Codex("gpt-5.5").RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ClaimsSuccess.ShouldBeTrue();
        result.SessionId.ShouldBe("01a1fc70-f60d-79a1-aa6a-f2118c1d8a17");
        result.FinalMessage.ShouldBe("done: hello.txt created and committed");
        result.Usage.ShouldBe(new AgentUsage(500, 50));
        result.CostUsd.ShouldBeNull();
        File.ReadAllLines(_scratch.File("args")).ShouldBe(
            ["exec", "--json", "--skip-git-repo-check", "--sandbox", "danger-full-access", "-m", "gpt-5.5", AgentScratch.Prompt]);
        _scratch.Events[^1].ShouldBe(new AgentFinished(true, "done: hello.txt created and committed"));
    }

    [Fact]
    public async Task I_see_a_failed_turn_as_no_claim_of_success()
    {
        var request = _scratch.Request($"file {StreamFeed.TranscriptPath("codex-12_http400.jsonl")}\nexit 1");

        var result = await Codex().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ExitCode.ShouldBe(1);
        result.ClaimsSuccess.ShouldBeFalse();
        result.Errors.ShouldNotBeEmpty();
        result.Errors.ShouldAllBe(e => e.Contains("scripted bad request"));
    }

    [Fact]
    public async Task I_see_a_completed_turn_with_a_failing_exit_code_as_no_claim_of_success()
    {
        var result = await Codex().RunAsync(_scratch.Request($"file {Patched}\nexit 2"), _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.ExitCode.ShouldBe(2);
        result.ClaimsSuccess.ShouldBeFalse();
    }

    [Fact]
    public async Task I_stop_codex_when_it_starts_more_tool_calls_than_the_turn_limit_allows()
    {
        var commands = string.Join("\n", Enumerable.Range(1, 3).Select(i =>
            $"print {{\"type\":\"item.started\",\"item\":{{\"id\":\"item_{i}\",\"type\":\"command_execution\",\"command\":\"echo {i}\",\"status\":\"in_progress\"}}}}"));
        var request = _scratch.Request($"pid {_scratch.File("pid")}\n{commands}\nhang", new AgentLimits(TimeSpan.FromSeconds(60), MaxTurns: 2));

        var result = await Codex().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.TurnLimit);
        result.ClaimsSuccess.ShouldBeFalse();
        result.Errors.ShouldBe(["killed at tool call 3, past the turn limit of 2"]);
        (await ProcessProbe.IsGoneWithinAsync(_scratch.Pid("pid"), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }
}
