using Pace.Adapters.Agents;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

public sealed class AgentFactoryTests
{
    [Theory]
    [InlineData(AgentKind.Claude, typeof(ClaudeCodeAgent))]
    [InlineData(AgentKind.Codex, typeof(CodexAgent))]
    [InlineData(AgentKind.Gemini, typeof(GeminiAgent))]
    [InlineData(AgentKind.Command, typeof(CommandAgent))]
    public void I_get_the_adapter_of_each_kind_under_its_configured_name(AgentKind kind, Type adapter)
    {
        var agent = AgentFactory.Create(new AgentSettings("reviewer", kind));

        agent.ShouldBeOfType(adapter);
        agent.Name.ShouldBe("reviewer");
    }
}
