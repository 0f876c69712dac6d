using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Agents;

/// <summary>
/// Codex CLI's <c>exec --json</c>. Standard input is closed (an open stdin hangs Codex forever), the
/// sandbox is danger-full-access (workspace-write makes .git read-only and hides failed commands).
/// Codex has no turn flag and reports no cost: Pace counts tool calls, and cannot enforce a budget.
/// </summary>
public sealed class CodexAgent(AgentSettings settings) : IAgent
{
    public string Name => settings.Name;

    public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var launch = new AgentLaunch(settings.Executable ?? "codex", ArgumentsFor(settings, request), new CodexStreamParser())
        {
            Environment = AgentEnvironment.For(settings, request),
            CountsTurns = true,
            Claim = (state, exitCode) => state.ClaimsSuccess && exitCode == 0,
        };
        return AgentSession.RunAsync(launch, request, onEvent, cancellationToken);
    }

    internal static List<string> ArgumentsFor(AgentSettings settings, AgentRequest request)
    {
        // A read-only session (the evaluator) gets Codex's own read-only sandbox.
        List<string> arguments = ["exec", "--json", "--skip-git-repo-check", "--sandbox", request.ReadOnly ? "read-only" : "danger-full-access"];
        if (settings.Model is { } model)
        {
            arguments.AddRange(["-m", model]);
        }

        arguments.AddRange(settings.Arguments);
        arguments.Add(request.Prompt);
        return arguments;
    }
}
