using System.Text.Json;
using Pace.EndToEnd.Tests.Agents;

namespace Pace.EndToEnd.Tests;

public sealed class AgentClisTests(AgentClis clis)
{
    [Fact(Timeout = 120_000)]
    public async Task The_CLIs_under_test_are_the_versions_pinned_in_tests_agents()
    {
        var root = RepositoryRoot.Find();
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "tests", "agents", "package.json")));
        var pinned = manifest.RootElement.GetProperty("dependencies");

        (await AgentClis.VersionAsync(clis.Claude, clis.Folder)).ShouldStartWith(pinned.GetProperty("@anthropic-ai/claude-code").GetString()!);
        (await AgentClis.VersionAsync(clis.Codex, clis.Folder)).ShouldEndWith(pinned.GetProperty("@openai/codex").GetString()!);
        (await AgentClis.VersionAsync(clis.Gemini, clis.Folder)).ShouldBe(pinned.GetProperty("@google/gemini-cli").GetString());
        Path.GetDirectoryName(clis.Folder).ShouldBe(Path.Combine(root, ".cache", "agent-clis"));
        File.Exists(Path.Combine(clis.Folder, ".complete")).ShouldBeTrue();
        TestContext.Current.TestOutputHelper?.WriteLine($"agent CLIs in {clis.Folder}; installed in this run: {clis.InstallDuration.TotalSeconds:0.0} s");
    }
}
