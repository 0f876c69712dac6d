using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// Any program's output: each line is plain text, except that a line which is a Claude-style
/// stream-json event is read as one (so a wrapper around Claude Code keeps its tools and cost).
/// </summary>
internal sealed class CommandStreamParser : ClaudeStreamParser
{
    protected override void OnUnrecognised(string line, Action<AgentEvent> emit)
    {
        var text = line.TrimEnd();
        if (text.Length == 0)
        {
            return;
        }

        State.FinalMessage = Text.Cut(text, 16_000);
        emit(new AgentTextEmitted(text));
    }
}
