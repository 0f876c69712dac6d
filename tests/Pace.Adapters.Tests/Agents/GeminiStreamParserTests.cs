using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

public sealed class GeminiStreamParserTests
{
    [Fact]
    public void I_can_read_a_session_that_writes_a_file_and_runs_a_shell_command()
    {
        var parser = new GeminiStreamParser();
        var events = StreamFeed.Transcript(parser, "gemini-01_write_shell_yolo.jsonl");

        var state = parser.State;
        state.SessionId.ShouldBe("1c31ee20-d596-449f-a097-a5d1c06cd1d8");
        state.ClaimsSuccess.ShouldBeTrue();
        state.FinalMessage.ShouldBe("done");
        state.Usage.ShouldBe(new AgentUsage(300, 30));
        state.Turns.ShouldBe(3);
        state.CostUsd.ShouldBeNull();
        events[0].ShouldBe(new AgentSessionStarted("1c31ee20-d596-449f-a097-a5d1c06cd1d8", "gemini-2.5-pro"));
        events.OfType<AgentToolUsed>().ShouldBe(
            [new AgentToolUsed("write_file", "/home/dev/project/hello.txt"), new AgentToolUsed("run_shell_command", "cat hello.txt && git status --short")]);
        events.OfType<AgentToolFinished>().ShouldBe(
            [new AgentToolFinished("write_file", false, "success"), new AgentToolFinished("run_shell_command", false, "hi?? hello.txt")]);
        events.OfType<AgentTextEmitted>().Select(e => e.Text).ShouldBe(["I'll create the file.", "done"]);
    }

    [Fact]
    public void I_see_an_error_status_as_a_failure_with_its_message()
    {
        var parser = new GeminiStreamParser();
        StreamFeed.Transcript(parser, "gemini-03_http400.jsonl");

        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.Finished.ShouldBeTrue();
        parser.State.Errors.ShouldHaveSingleItem().ShouldContain("scripted bad request");
    }

    [Fact]
    public void I_join_the_pieces_of_the_last_message_into_the_final_message()
    {
        var parser = new GeminiStreamParser();
        StreamFeed.Lines(parser,
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"before the tool\",\"delta\":true}",
            "{\"type\":\"tool_use\",\"tool_name\":\"read_file\",\"tool_id\":\"t1\",\"parameters\":{\"absolute_path\":\"/x\"}}",
            "{\"type\":\"tool_result\",\"tool_id\":\"t1\",\"status\":\"error\",\"error\":{\"message\":\"no such file\"}}",
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"All \",\"delta\":true}",
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"done.\",\"delta\":true}",
            "{\"type\":\"error\",\"severity\":\"warning\",\"message\":\"loop detected\"}");

        parser.State.FinalMessage.ShouldBe("All done.");
        parser.State.Errors.ShouldBeEmpty();
        parser.State.Finished.ShouldBeFalse();
    }

    [Fact]
    public void I_see_a_failed_tool_as_an_error_of_that_tool()
    {
        var events = StreamFeed.Lines(new GeminiStreamParser(),
            "{\"type\":\"tool_use\",\"tool_name\":\"read_file\",\"tool_id\":\"t1\",\"parameters\":{\"absolute_path\":\"/x\"}}",
            "{\"type\":\"tool_result\",\"tool_id\":\"t1\",\"status\":\"error\",\"error\":{\"message\":\"no such file\"}}");

        events[^1].ShouldBe(new AgentToolFinished("read_file", true, "no such file"));
    }
}
