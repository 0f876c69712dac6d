using Pace.Core.Agents;

namespace Pace.Core.Ports;

/// <summary>
/// Runs one agent session to its end: the process gets a closed standard input, its output goes to
/// the transcript file as it comes, and the limits of the request are enforced by killing the whole
/// process tree. Expected failures (the agent failed, timed out, hit its budget) are results, not
/// exceptions; cancellation kills the agent and returns <see cref="AgentExit.Cancelled"/>.
/// </summary>
public interface IAgent
{
    /// <summary>The name the agent is configured under (claude, codex, gemini, or a command's name).</summary>
    string Name { get; }

    Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken);
}
