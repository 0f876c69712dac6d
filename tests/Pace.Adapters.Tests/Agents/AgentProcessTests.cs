using Pace.Adapters.Agents;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>What the adapters do when the agent process misbehaves: hangs, crashes, floods, leaves children behind.</summary>
public sealed class AgentProcessTests : IDisposable
{
    private readonly AgentScratch _scratch = new();

    private static readonly string InitLine = File.ReadLines(StreamFeed.TranscriptPath("claude-06_bash_read_edit.jsonl")).First();

    private static ClaudeCodeAgent Claude => new(new AgentSettings("claude", AgentKind.Claude) { Executable = AgentScratch.FakeAgent });

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task I_get_a_timed_out_session_and_no_surviving_process_when_the_agent_hangs()
    {
        // Long enough for the fake agent to write both pid files on a loaded machine before the limit ends it.
        var limit = TimeSpan.FromSeconds(5);
        var request = _scratch.Request($"pid {_scratch.File("pid")}\nchild {_scratch.File("child")}\nhang", new AgentLimits(limit));

        var result = await Claude.RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.TimedOut);
        result.ClaimsSuccess.ShouldBeFalse();
        result.Duration.ShouldBeLessThan(limit + TimeSpan.FromSeconds(10));
        result.Errors.ShouldContain(e => e.Contains("time limit"));
        (await ProcessProbe.IsGoneWithinAsync(_scratch.Pid("pid"), TimeSpan.FromSeconds(5))).ShouldBeTrue();
        (await ProcessProbe.IsGoneWithinAsync(_scratch.Pid("child"), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task I_find_no_child_of_the_agent_alive_after_the_agent_exited_by_itself()
    {
        var request = _scratch.Request($"child {_scratch.File("child")}\nprint bye\nexit 0");

        var result = await Claude.RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        (await ProcessProbe.IsGoneWithinAsync(_scratch.Pid("child"), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task I_keep_the_partial_transcript_and_the_exit_code_of_an_agent_that_crashed_mid_stream()
    {
        var request = _scratch.Request($"print {InitLine}\ncrash");

        var result = await Claude.RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ExitCode.ShouldBe(139);
        result.ClaimsSuccess.ShouldBeFalse();
        result.SessionId.ShouldBe("1e126526-739d-466a-bdfb-2de72eb0debe");
        result.Errors.ShouldBe(["exited with code 139"]);
        result.UnparsedLines.ShouldBe(1);
        _scratch.Transcript().ShouldBe(InitLine + "\n{\"type\":\"assistant\",\"message\":{\"id\":\"m\n");
    }

    [Fact]
    public async Task I_get_a_result_and_no_exception_from_an_agent_that_prints_garbage()
    {
        var result = await Claude.RunAsync(_scratch.Request("garbage 400"), _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ExitCode.ShouldBe(0);
        result.ClaimsSuccess.ShouldBeFalse();
        result.UnparsedLines.ShouldBeGreaterThan(300);
        File.ReadAllBytes(_scratch.TranscriptPath).Count(b => b == (byte)'\n').ShouldBe(400);
    }

    [Fact]
    public async Task I_find_the_whole_output_of_a_very_talkative_agent_in_its_transcript()
    {
        const int megabytes = 48;
        var texts = 0;

        // Not a speed test: 48 MB through a loaded machine may take longer than the default 30 s limit.
        var limits = new AgentLimits(TimeSpan.FromMinutes(5));
        var result = await Claude.RunAsync(_scratch.Request($"huge {megabytes}", limits), e => texts += e is AgentTextEmitted ? 1 : 0, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        new FileInfo(_scratch.TranscriptPath).Length.ShouldBe(megabytes << 20);
        texts.ShouldBe((megabytes << 20) / 1024);
        result.UnparsedLines.ShouldBe(0);
    }

    [Fact]
    public async Task I_can_cancel_a_running_agent_and_it_is_killed()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var request = _scratch.Request($"pid {_scratch.File("pid")}\nprint {InitLine}\nhang");

        var result = await Claude.RunAsync(request, _ => cancellation.Cancel(), cancellation.Token);

        result.Exit.ShouldBe(AgentExit.Cancelled);
        result.ClaimsSuccess.ShouldBeFalse();
        (await ProcessProbe.IsGoneWithinAsync(_scratch.Pid("pid"), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }

    [Fact]
    public async Task I_get_the_exception_of_a_failing_event_handler_after_the_agent_was_killed()
    {
        var request = _scratch.Request($"pid {_scratch.File("pid")}\nprint {InitLine}\nhang");

        await Should.ThrowAsync<InvalidOperationException>(() =>
            Claude.RunAsync(request, _ => throw new InvalidOperationException("handler bug"), TestContext.Current.CancellationToken));

        (await ProcessProbe.IsGoneWithinAsync(_scratch.Pid("pid"), TimeSpan.FromSeconds(5))).ShouldBeTrue();
    }
}
