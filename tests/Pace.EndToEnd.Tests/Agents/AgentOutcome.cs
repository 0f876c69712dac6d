using System.Text.Json;
using Pace.Adapters.Processes;

namespace Pace.EndToEnd.Tests.Agents;

/// <summary>What one CLI run left: its exit, its JSON event stream (stdout), other stdout lines and stderr.</summary>
public sealed record AgentOutcome(ProcessResult Result, IReadOnlyList<JsonElement> Events, IReadOnlyList<string> OtherLines, string Stderr)
{
    public IEnumerable<JsonElement> OfType(string type) =>
        Events.Where(e => e.TryGetProperty("type", out var t) && t.GetString() == type);

    public override string ToString() =>
        $"exit {Result.ExitCode} (timed out: {Result.TimedOut}) in {Result.Duration.TotalSeconds:0.00} s\n" +
        string.Join('\n', Events.Select(e => e.GetRawText())) + "\n" + string.Join('\n', OtherLines) + "\nstderr:\n" + Stderr;
}
