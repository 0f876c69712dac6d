using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

public sealed class CommandStreamParserTests
{
    [Fact]
    public void I_see_each_plain_line_of_a_command_as_text_and_the_last_as_its_final_message()
    {
        var parser = new CommandStreamParser();
        var events = StreamFeed.Lines(parser, "working on it", "{not json", "", "all done  ");

        events.ShouldBe([new AgentTextEmitted("working on it"), new AgentTextEmitted("{not json"), new AgentTextEmitted("all done")]);
        parser.State.FinalMessage.ShouldBe("all done");
        parser.State.UnparsedLines.ShouldBe(0);
    }

    [Fact]
    public void I_read_claude_style_events_from_a_command_that_prints_them()
    {
        var parser = new CommandStreamParser();
        var events = StreamFeed.Transcript(parser, "claude-06_bash_read_edit.jsonl");

        events.OfType<AgentToolUsed>().Count().ShouldBe(4);
        parser.State.CostUsd.ShouldBe(0.000875m);
        events.OfType<AgentTextEmitted>().ShouldNotContain(e => e.Text.StartsWith('{'));
    }
}
