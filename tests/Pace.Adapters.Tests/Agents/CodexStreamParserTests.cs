using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

public sealed class CodexStreamParserTests
{
    [Fact]
    public void I_can_read_a_session_that_patches_runs_commands_and_commits()
    {
        var parser = new CodexStreamParser();
        var events = StreamFeed.Transcript(parser, "codex-09_apply_patch_exec_commit_fullaccess.jsonl");

        var state = parser.State;
        state.SessionId.ShouldBe("01a1fc70-f60d-79a1-aa6a-f2118c1d8a17");
        state.ClaimsSuccess.ShouldBeTrue();
        state.FinalMessage.ShouldBe("done: hello.txt created and committed");
        state.Usage.ShouldBe(new AgentUsage(500, 50));
        state.CostUsd.ShouldBeNull();
        state.ToolCalls.ShouldBe(4);
        state.Turns.ShouldBe(5);
        state.UnparsedLines.ShouldBe(0);
        events[0].ShouldBe(new AgentSessionStarted("01a1fc70-f60d-79a1-aa6a-f2118c1d8a17", null));
        events.OfType<AgentTextEmitted>().Select(e => e.Text).ShouldBe(["I'll add the file with apply_patch.", "done: hello.txt created and committed"]);
        events.OfType<AgentToolUsed>().ShouldBe(
        [
            new AgentToolUsed("file_change", "add /home/dev/project/hello.txt"),
            new AgentToolUsed("file_change", "update /home/dev/project/hello.txt"),
            new AgentToolUsed("command", "cat hello.txt; git add -A && git -c user.email=a@b -c user.name=agent commit -qm 'agent commit' && git log --oneline | head -3"),
            new AgentToolUsed("command", "exit 3"),
        ]);
        events.OfType<AgentToolFinished>().Select(e => (e.IsError, e.Summary)).ShouldBe(
            [(false, "completed"), (false, "completed"), (false, "exit 0: hi there"), (true, "exit 3")]);
    }

    [Fact]
    public void I_see_a_failed_turn_as_a_failure_and_a_reconnect_as_a_retry()
    {
        var parser = new CodexStreamParser();
        var events = StreamFeed.Transcript(parser, "codex-11_http500.jsonl");

        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.Finished.ShouldBeTrue();
        events.OfType<AgentApiRetried>().ShouldBe([new AgentApiRetried(1, null)]);
        parser.State.Errors.ShouldBe(
        [
            "We’re currently experiencing high demand, which may cause temporary errors.",
            "We’re currently experiencing high demand, which may cause temporary errors.",
        ]);
    }

    [Fact]
    public void I_keep_the_model_servers_error_message_of_a_rejected_request()
    {
        var parser = new CodexStreamParser();
        StreamFeed.Transcript(parser, "codex-12_http400.jsonl");

        parser.State.ClaimsSuccess.ShouldBeFalse();
        parser.State.Errors.ShouldAllBe(error => error.Contains("scripted bad request"));
    }

    [Fact]
    public void I_count_a_tool_call_once_whether_or_not_it_was_announced_as_started()
    {
        var parser = new CodexStreamParser();
        StreamFeed.Lines(parser,
            "{\"type\":\"item.started\",\"item\":{\"id\":\"a\",\"type\":\"command_execution\",\"command\":\"ls\"}}",
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"a\",\"type\":\"command_execution\",\"command\":\"ls\",\"exit_code\":0}}",
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"b\",\"type\":\"command_execution\",\"command\":\"pwd\",\"exit_code\":0}}",
            "{\"type\":\"item.completed\",\"item\":{\"id\":\"c\",\"type\":\"reasoning\",\"text\":\"hmm\"}}");

        parser.State.ToolCalls.ShouldBe(2);
        parser.State.Finished.ShouldBeFalse();
        parser.State.ClaimsSuccess.ShouldBeFalse();
    }

    [Fact]
    public void I_survive_codex_events_with_missing_or_odd_fields()
    {
        var parser = new CodexStreamParser();
        var events = StreamFeed.Lines(parser,
            "{\"type\":\"item.started\"}",
            "{\"type\":\"item.completed\",\"item\":[]}",
            "{\"type\":\"turn.failed\",\"error\":\"just a string\"}",
            "{\"type\":\"thread.started\",\"thread_id\":12}",
            "garbage");

        parser.State.UnparsedLines.ShouldBe(3);
        parser.State.Errors.ShouldBe(["codex reported a failed turn"]);
        events.ShouldContain(new AgentSessionStarted(null, null));
    }
}
