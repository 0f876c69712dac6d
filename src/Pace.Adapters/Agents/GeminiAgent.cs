using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Agents;

/// <summary>
/// Gemini CLI with stream-json output, yolo approvals and --skip-trust (without it an untrusted
/// folder exits 55). Gemini has no turn flag and reports no cost: Pace counts tool calls, and
/// cannot enforce a budget.
/// </summary>
public sealed class GeminiAgent(AgentSettings settings) : IAgent
{
    public string Name => settings.Name;

    public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var launch = new AgentLaunch(settings.Executable ?? "gemini", ArgumentsFor(settings, request), new GeminiStreamParser())
        {
            Environment = AgentEnvironment.For(settings, request),
            CountsTurns = true,
            Claim = (state, _) => state.ClaimsSuccess,
        };
        return AgentSession.RunAsync(launch, request, onEvent, cancellationToken);
    }

    internal static List<string> ArgumentsFor(AgentSettings settings, AgentRequest request)
    {
        // Without yolo, a non-interactive Gemini leaves out the tools that need approval (edits, shell): read-only for the evaluator.
        List<string> arguments = ["-p", request.Prompt, "--output-format", "stream-json", "--approval-mode", request.ReadOnly ? "default" : "yolo", "--skip-trust"];
        if (settings.Model is { } model)
        {
            arguments.AddRange(["-m", model]);
        }

        arguments.AddRange(settings.Arguments);
        return arguments;
    }
}
