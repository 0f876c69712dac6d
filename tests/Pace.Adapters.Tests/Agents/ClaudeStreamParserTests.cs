using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

public sealed class ClaudeStreamParserTests
{
    [Fact]
    public void I_can_read_a_successful_session_with_bash_read_and_edit()
    {
        var parser = new ClaudeStreamParser();
        var events = StreamFeed.Transcript(parser, "claude-06_bash_read_edit.jsonl");

        var state = parser.State;
        state.SessionId.ShouldBe("1e126526-739d-466a-bdfb-2de72eb0debe");
        state.ClaimsSuccess.ShouldBeTrue();
        state.Finished.ShouldBeTrue();
        state.FinalMessage.ShouldBe("All done: notes.txt created, edited and committed.");
        state.Turns.ShouldBe(5);
        state.CostUsd.ShouldBe(0.000875m);
        state.Usage.ShouldBe(new AgentUsage(50, 25));
        state.Errors.ShouldBeEmpty();
        state.UnparsedLines.ShouldBe(0);
        events[0].ShouldBe(new AgentSessionStarted("1e126526-739d-466a-bdfb-2de72eb0debe", "claude-opus-4-8[1m]"));
        events.OfType<AgentToolUsed>().ShouldBe(
        [
            new AgentToolUsed("Bash", "printf 'line1\\nline2\\n' > notes.txt && git status --short"),
            new AgentToolUsed("Read", "/home/dev/project/notes.txt"),
            new AgentToolUsed("Edit", "/home/dev/project/notes.txt"),
            new AgentToolUsed("Bash", "git add -A && git -c user.email=a@b -c user.name=agent commit -qm 'agent commit' && git log --oneline | head -3"),
        ]);
        events.OfType<AgentToolFinished>().Select(e => (e.Tool, e.IsError)).ShouldBe([("Bash", false), ("Read", false), ("Edit", false), ("Bash", false)]);
        events.OfType<AgentToolFinished>().Last().Summary.ShouldBe("44c7fcb agent commit");
        events[^1].ShouldBe(new AgentUsageReported(new AgentUsage(50, 25), 0.000875m, 5));
    }

    [Fact]
    public void I_see_a_denied_write_as_a_failure_although_claude_says_success()
    {
        var parser = new ClaudeStreamParser();
        var events = StreamFeed.Transcript(parser, "claude-05_no_permission_flag.jsonl");

        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.PermissionDenials.ShouldBe(["Write /home/dev/project/hello.txt"]);
        events.ShouldContain(new AgentPermissionDenied("Write", "/home/dev/project/hello.txt"));
        events.OfType<AgentToolFinished>().Single().ShouldBe(new AgentToolFinished("Write", true,
            "Claude requested permissions to write to /home/dev/project/hello.txt, but you haven't granted it yet."));
        parser.State.FinalMessage.ShouldBe("done");
    }

    [Fact]
    public void I_see_that_claude_stopped_at_its_turn_limit()
    {
        var parser = new ClaudeStreamParser();
        StreamFeed.Transcript(parser, "claude-07_max_turns_1.jsonl");

        parser.State.StoppedAtTurnLimit.ShouldBeTrue();
        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.Errors.ShouldBe(["Reached maximum number of turns (1)"]);
        parser.State.Turns.ShouldBe(2);
    }

    [Theory]
    [InlineData("claude-13_http400.jsonl", "API Error: 400 scripted bad request")]
    [InlineData("claude-12_http500_maxretries1.jsonl", "API Error: 500 scripted internal error.")]
    public void I_trust_is_error_over_a_subtype_that_says_success(string transcript, string error)
    {
        var parser = new ClaudeStreamParser();
        StreamFeed.Transcript(parser, transcript);

        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.Errors.ShouldHaveSingleItem().ShouldStartWith(error);
    }

    [Fact]
    public void I_see_the_api_retries_of_a_failing_model_server()
    {
        var events = StreamFeed.Transcript(new ClaudeStreamParser(), "claude-12_http500_maxretries1.jsonl");

        events.OfType<AgentApiRetried>().ShouldBe([new AgentApiRetried(1, 500)]);
    }

    [Fact]
    public void I_get_no_claim_of_success_from_a_stream_that_ends_without_a_result()
    {
        var parser = new ClaudeStreamParser();
        var lines = File.ReadLines(StreamFeed.TranscriptPath("claude-06_bash_read_edit.jsonl")).SkipLast(1);
        StreamFeed.Lines(parser, lines);

        parser.State.Finished.ShouldBeFalse();
        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.ToolCalls.ShouldBe(4);
        parser.State.FinalMessage.ShouldBeNull();
    }

    [Fact]
    public void I_count_lines_that_are_not_events_and_keep_going()
    {
        var parser = new ClaudeStreamParser();
        var events = StreamFeed.Lines(parser,
            "not json",
            "{\"type\":\"assistant\",\"message\":",
            "[1,2]",
            "null",
            "{\"type\":42}",
            "{\"type\":\"from_the_future\"}",
            "",
            "{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"text\",\"text\":\"still here\"}]}}");

        parser.State.UnparsedLines.ShouldBe(6);
        events.ShouldBe([new AgentTextEmitted("still here")]);
    }

    [Fact]
    public void I_read_a_result_with_fields_of_the_wrong_shape_without_failing()
    {
        var parser = new ClaudeStreamParser();
        StreamFeed.Lines(parser,
            "{\"type\":\"assistant\",\"message\":{\"content\":\"not an array\",\"usage\":7}}",
            "{\"type\":\"result\",\"is_error\":\"maybe\",\"subtype\":\"success\",\"usage\":[],\"num_turns\":\"many\",\"total_cost_usd\":1e400,\"permission_denials\":{},\"errors\":[3]}");

        parser.State.Finished.ShouldBeTrue();
        parser.State.ClaimsSuccess.ShouldBeTrue();
        parser.State.CostUsd.ShouldBeNull();
        parser.State.Turns.ShouldBeNull();
        parser.State.UnparsedLines.ShouldBe(0);
    }

    [Fact]
    public void I_keep_at_most_fifty_errors_however_many_the_agent_reports()
    {
        var parser = new ClaudeStreamParser();
        var errors = string.Join(",", Enumerable.Range(0, 500).Select(i => $"\"error {i}\""));
        StreamFeed.Lines(parser, $"{{\"type\":\"result\",\"is_error\":true,\"errors\":[{errors}]}}");

        parser.State.Errors.Count.ShouldBe(50);
    }
}
