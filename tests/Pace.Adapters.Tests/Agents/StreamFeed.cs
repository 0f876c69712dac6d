using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>Feeds lines to a parser the way the session does and keeps what it emitted.</summary>
internal static class StreamFeed
{
    public static string TranscriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Agents", "Transcripts", name);

    public static List<AgentEvent> Transcript(AgentStreamParser parser, string name) => Lines(parser, File.ReadLines(TranscriptPath(name)));

    public static List<AgentEvent> Lines(AgentStreamParser parser, IEnumerable<string> lines)
    {
        var events = new List<AgentEvent>();
        foreach (var line in lines)
        {
            parser.Feed(line, events.Add);
        }

        return events;
    }

    public static List<AgentEvent> Lines(AgentStreamParser parser, params string[] lines) => Lines(parser, (IEnumerable<string>)lines);
}
