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
}
