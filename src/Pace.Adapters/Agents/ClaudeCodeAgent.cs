using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Agents;

/// <summary>
/// Claude Code in print mode with stream-json output. Edits are accepted without asking; any other
/// tool the agent is denied shows up as a permission denial, which makes the session a failure.
/// The turn limit is Claude's own --max-turns; the cost arrives only with the final result event.
/// </summary>
public sealed class ClaudeCodeAgent(AgentSettings settings) : IAgent
{
    public string Name => settings.Name;

    public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var launch = new AgentLaunch(settings.Executable ?? "claude", ArgumentsFor(settings, request), new ClaudeStreamParser())
        {
            Environment = AgentEnvironment.For(settings, request),
            Claim = (state, _) => state.ClaimsSuccess,
        };
        return AgentSession.RunAsync(launch, request, onEvent, cancellationToken);
    }

    internal static List<string> ArgumentsFor(AgentSettings settings, AgentRequest request)
    {
        List<string> arguments = ["-p", request.Prompt, "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits"];
        if (request.Limits.MaxTurns is { } maxTurns)
        {
            arguments.AddRange(["--max-turns", maxTurns.ToString()]);
        }

        if (settings.Model is { } model)
        {
            arguments.AddRange(["--model", model]);
        }

        arguments.AddRange(settings.Arguments);
        return arguments;
    }
}
