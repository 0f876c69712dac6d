using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Agents;

public static class AgentFactory
{
    public static IAgent Create(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Kind switch
        {
            AgentKind.Claude => new ClaudeCodeAgent(settings),
            AgentKind.Codex => new CodexAgent(settings),
            AgentKind.Gemini => new GeminiAgent(settings),
            AgentKind.Command => new CommandAgent(settings),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "unknown agent kind"),
        };
    }

    /// <summary>
    /// The agent of pace.json, its <c>command</c> resolved from <paramref name="projectFolder"/> (the
    /// folder of pace.json) when it is a relative path (<c>./agent.sh</c>, <c>tools/agent</c>). A
    /// process starts in its session's folder, and a spec task's is its own worktree: there
    /// <c>./agent.sh</c> meant the worktree's copy, missing when untracked and the agent's to edit.
    /// A bare name (<c>claude</c>) is looked up on the PATH as before.
    /// </summary>
    public static IAgent Create(AgentSettings settings, string projectFolder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Create(settings with { Executable = Resolve(settings.Executable, projectFolder) });
    }

    public static string? Resolve(string? command, string projectFolder) =>
        command is null || Path.IsPathRooted(command) || !command.Contains('/', StringComparison.Ordinal)
            ? command
            : Path.GetFullPath(Path.Combine(projectFolder, command));
}
