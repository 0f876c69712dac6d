using Pace.Adapters.Agents.Streams;

namespace Pace.Adapters.Agents;

/// <summary>How one adapter starts its CLI and reads it; <see cref="AgentSession"/> does the rest.</summary>
internal sealed record AgentLaunch(string FileName, IReadOnlyList<string> Arguments, AgentStreamParser Parser)
{
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Text for standard input, which is then closed; null closes it at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>The CLI has no turn flag: Pace counts tool calls and kills the agent past the limit.</summary>
    public bool CountsTurns { get; init; }

    /// <summary>The agent's claim from what it printed and its exit code (only asked when it ended by itself).</summary>
    public Func<AgentStreamState, int, bool> Claim { get; init; } = (state, _) => state.ClaimsSuccess;
}
