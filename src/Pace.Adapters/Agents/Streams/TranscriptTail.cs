using System.Text;
using Pace.Core.Agents;

namespace Pace.Adapters.Agents.Streams;

/// <summary>
/// What an agent did last, read from the end of its transcript (the CLI's own output, as Pace stored
/// it): for the dashboard's "now" view, which runs in another process than the session. The
/// transcript does not say which CLI wrote it, so each CLI's reader reads the tail and the one that
/// recognises the most lines is believed; when none recognises any, the output is plain text (a
/// command agent) and its last line is the action.
/// </summary>
public static class TranscriptTail
{
    /// <summary>How much of the file's end is read: enough for the last few events of any CLI.</summary>
    public const int TailBytes = 32 * 1024;

    private const int MaxLength = 160;

    /// <summary>The agent's latest action ("Edit src/a.py", "says: ..."), or null when the file is missing or holds none yet.</summary>
    public static string? LatestAction(string transcriptPath)
    {
        var lines = ReadTail(transcriptPath);
        if (lines is null || lines.Count == 0)
        {
            return null;
        }

        string? best = null;
        var bestRecognised = 0;
        foreach (var parser in new AgentStreamParser[] { new ClaudeStreamParser(), new CodexStreamParser(), new GeminiStreamParser() })
        {
            string? last = null;
            foreach (var line in lines)
            {
                parser.Feed(line, e => last = Describe(e) ?? last);
            }

            var recognised = lines.Count - parser.State.UnparsedLines;
            if (recognised > bestRecognised)
            {
                (best, bestRecognised) = (last, recognised);
            }
        }

        if (bestRecognised > 0)
        {
            return best;
        }

        // Plain text, as a command agent prints it: its last line is what it says (as its reader would tell it).
        var text = lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim();
        return text is null ? null : Cut("says: " + text);
    }

    /// <summary>A short, printable line for an event that says what the agent is doing; null for bookkeeping events.</summary>
    public static string? Describe(AgentEvent evt) => evt switch
    {
        AgentToolUsed tool => Cut($"{tool.Tool} {tool.Summary}".Trim()),
        AgentTextEmitted text when text.Text.Trim().Length > 0 => Cut("says: " + text.Text.Trim()),
        AgentPermissionDenied denied => Cut($"denied {denied.Tool}: {denied.Detail}"),
        AgentErrorReported error => Cut("error: " + error.Message),
        AgentApiRetried retry => $"API retry {retry.Attempt}",
        AgentUsageLimited hit => Cut($"usage limit: {hit.Limit.Reason}"),
        AgentFinished finished => Cut($"claims {(finished.ClaimsSuccess ? "success" : "failure")}: {finished.Message}"),
        _ => null,
    };

    private static string Cut(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxLength ? line : line[..(MaxLength - 3)] + "...";
    }

    private static List<string>? ReadTail(string path)
    {
        byte[] bytes;
        bool whole;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, stream.Length - TailBytes);
            whole = start == 0;
            stream.Position = start;
            bytes = new byte[stream.Length - start];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
        if (!whole && lines.Count > 0)
        {
            // The first line was cut by the tail's start.
            lines.RemoveAt(0);
        }

        return lines.Where(l => l.Length > 0).ToList();
    }
}
