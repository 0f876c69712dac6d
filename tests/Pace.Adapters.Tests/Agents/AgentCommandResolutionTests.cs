using Pace.Adapters.Agents;

namespace Pace.Adapters.Tests.Agents;

public sealed class AgentCommandResolutionTests
{
    [Theory]
    [InlineData("./agent.sh", "/work/project/agent.sh")]
    [InlineData("tools/agent", "/work/project/tools/agent")]
    [InlineData("../agents/run", "/work/agents/run")]
    [InlineData("claude", "claude")]
    [InlineData("/opt/agent", "/opt/agent")]
    public void A_relative_agent_command_is_taken_from_the_project_folder_and_a_bare_name_from_the_path(string command, string resolved)
    {
        AgentFactory.Resolve(command, "/work/project").ShouldBe(resolved);
    }
}
