using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>
/// The dashboard's "latest action": read from the end of a transcript without knowing which CLI wrote
/// it. The oracle is the CLI's own reader run over the whole file, as the session ran it.
/// </summary>
public sealed class TranscriptTailTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pace-tail-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> RealTranscripts => new()
    {
        { "claude-06_bash_read_edit.jsonl", "claude" },
        { "codex-09_apply_patch_exec_commit_fullaccess.jsonl", "codex" },
        { "gemini-01_write_shell_yolo.jsonl", "gemini" },
    };

    [Theory]
    [MemberData(nameof(RealTranscripts))]
    public void The_latest_action_is_what_the_CLIs_own_reader_saw_last_at_every_point_of_a_real_transcript(string name, string cli)
    {
        var lines = File.ReadAllLines(StreamFeed.TranscriptPath(name));
        var checkedActions = 0;
        for (var n = 1; n <= lines.Length; n++)
        {
            var expected = Last(Parser(cli), lines.Take(n));
            var path = Path.Combine(_folder, $"{n}.jsonl");
            File.WriteAllLines(path, lines.Take(n));

            TranscriptTail.LatestAction(path).ShouldBe(expected, $"after line {n} of {name}");
            checkedActions += expected is null ? 0 : 1;
        }

        checkedActions.ShouldBeGreaterThan(2);
    }

    [Fact]
    public void A_tool_call_reads_as_the_tool_and_its_target()
    {
        var path = Path.Combine(_folder, "t.jsonl");
        File.WriteAllLines(path, [
            """{"type":"system","subtype":"init","session_id":"s","model":"m"}""",
            """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Edit","input":{"file_path":"src/a.py"}}]},"session_id":"s"}""",
        ]);

        TranscriptTail.LatestAction(path).ShouldBe("Edit src/a.py");
    }

    [Fact]
    public void A_plain_text_agent_reads_as_its_last_line_and_the_cut_first_line_of_a_long_tail_is_dropped()
    {
        var path = Path.Combine(_folder, "plain.log");
        var filler = new string('x', TranscriptTail.TailBytes);
        File.WriteAllText(path, $"first {filler}\nrunning the tests\nall 12 tests pass\n\n");

        TranscriptTail.LatestAction(path).ShouldBe("says: all 12 tests pass");
        TranscriptTail.LatestAction(Path.Combine(_folder, "missing.jsonl")).ShouldBeNull();
        File.WriteAllText(Path.Combine(_folder, "empty.jsonl"), "");
        TranscriptTail.LatestAction(Path.Combine(_folder, "empty.jsonl")).ShouldBeNull();
    }

    [Fact]
    public void A_long_line_is_cut_to_one_short_line()
    {
        var path = Path.Combine(_folder, "long.log");
        File.WriteAllText(path, "step one\n" + new string('y', 500) + "\n");

        var action = TranscriptTail.LatestAction(path)!;

        action.Length.ShouldBe(160);
        action.ShouldEndWith("...");
    }

    private static AgentStreamParser Parser(string cli) => cli switch
    {
        "claude" => new ClaudeStreamParser(),
        "codex" => new CodexStreamParser(),
        _ => new GeminiStreamParser(),
    };

    private static string? Last(AgentStreamParser parser, IEnumerable<string> lines)
    {
        string? last = null;
        foreach (var line in lines)
        {
            parser.Feed(line, e => last = TranscriptTail.Describe(e) ?? last);
        }

        return last;
    }
}
