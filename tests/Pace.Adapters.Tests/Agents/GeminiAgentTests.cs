using Pace.Adapters.Agents;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>The Gemini adapter against the fake agent standing in for the gemini executable.</summary>
public sealed class GeminiAgentTests : IDisposable
{
    private readonly AgentScratch _scratch = new();

    private static GeminiAgent Gemini(string? model = null) =>
        new(new AgentSettings("gemini", AgentKind.Gemini) { Executable = AgentScratch.FakeAgent, Model = model });

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task I_can_run_gemini_and_get_its_claim_and_final_message()
    {
        var request = _scratch.Request($"args {_scratch.File("args")}\nfile {StreamFeed.TranscriptPath("gemini-01_write_shell_yolo.jsonl")}");

        var result = await Gemini("gemini-2.5-pro").RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ClaimsSuccess.ShouldBeTrue();
        result.FinalMessage.ShouldBe("done");
        result.Turns.ShouldBe(3);
        File.ReadAllLines(_scratch.File("args")).ShouldBe(
            ["-p", AgentScratch.Prompt, "--output-format", "stream-json", "--approval-mode", "yolo", "--skip-trust", "-m", "gemini-2.5-pro"]);
    }

    [Fact]
    public async Task I_see_an_error_status_and_exit_code_144_as_no_claim_of_success()
    {
        var request = _scratch.Request($"file {StreamFeed.TranscriptPath("gemini-03_http400.jsonl")}\nexit 144");

        var result = await Gemini().RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ExitCode.ShouldBe(144);
        result.ClaimsSuccess.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().ShouldContain("scripted bad request");
    }
}
