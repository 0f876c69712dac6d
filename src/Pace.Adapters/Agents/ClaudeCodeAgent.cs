using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Agents;

/// <summary>
/// Claude Code in print mode with stream-json output. Edits are accepted without asking and the
/// tools an unattended session needs (shell included, to run the project's tests) are allowed
/// unless the configuration names its own --allowedTools; any tool the agent is still denied shows
/// up as a permission denial, which makes the session a failure.
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

    /// <summary>
    /// Without these, acceptEdits still denies the shell: the agent could not run the tests it writes.
    /// Write and Edit stay out: acceptEdits allows them inside the project only, and a write outside
    /// it must still be denied (and fail the session).
    /// </summary>
    public const string DefaultAllowedTools = "Read,Glob,Grep,Bash,TodoWrite";

    /// <summary>A read-only session (the evaluator) may read and search, nothing else.</summary>
    public const string ReadOnlyTools = "Read,Glob,Grep";

    /// <summary>Denied in a read-only session whatever <c>args</c> allow: a deny rule wins over an allow rule.</summary>
    public const string WritingTools = "Bash,Edit,MultiEdit,Write,NotebookEdit";

    internal static List<string> ArgumentsFor(AgentSettings settings, AgentRequest request)
    {
        List<string> arguments = ["-p", request.Prompt, "--output-format", "stream-json", "--verbose", "--permission-mode", request.ReadOnly ? "default" : "acceptEdits"];
        if (request.Limits.MaxTurns is { } maxTurns)
        {
            arguments.AddRange(["--max-turns", maxTurns.ToString()]);
        }

        if (settings.Model is { } model)
        {
            arguments.AddRange(["--model", model]);
        }

        if (request.ReadOnly)
        {
            arguments.AddRange(["--allowedTools", ReadOnlyTools, "--disallowedTools", WritingTools]);
        }
        else if (!settings.Arguments.Any(a => a.StartsWith("--allowedTools", StringComparison.Ordinal) || a.StartsWith("--allowed-tools", StringComparison.Ordinal)))
        {
            arguments.AddRange(["--allowedTools", DefaultAllowedTools]);
        }

        arguments.AddRange(settings.Arguments);
        return arguments;
    }
}
