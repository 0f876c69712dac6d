using Pace.Adapters.Agents;
using Pace.Core.Agents;

namespace Pace.Adapters.Tests.Agents;

/// <summary>The command adapter running the fake agent as an ordinary program.</summary>
public sealed class CommandAgentTests : IDisposable
{
    private readonly AgentScratch _scratch = new();

    private static CommandAgent Command(PromptDelivery prompt, params string[] arguments) =>
        new(new AgentSettings("mine", AgentKind.Command) { Executable = AgentScratch.FakeAgent, Arguments = arguments, Prompt = prompt });

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task I_can_give_a_command_its_prompt_on_stdin_and_read_its_output_as_text()
    {
        var request = _scratch.Request("") with { Prompt = "line one\nline two" };

        var result = await Command(PromptDelivery.Stdin, "--script", "stdin").RunAsync(request, _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ClaimsSuccess.ShouldBeTrue();
        result.FinalMessage.ShouldBe("stdin: line two");
        _scratch.Events.ShouldBe(
            [new AgentTextEmitted("stdin: line one"), new AgentTextEmitted("stdin: line two"), new AgentFinished(true, "stdin: line two")]);
    }

    [Fact]
    public async Task I_can_give_a_command_its_prompt_in_a_file()
    {
        var script = $"args {_scratch.File("args")}\nenv PACE_PROMPT_FILE";

        var result = await Command(PromptDelivery.File, "--script", script, "--task-file={promptFile}")
            .RunAsync(_scratch.Request(""), _scratch.Events.Add, TestContext.Current.CancellationToken);

        var promptFile = result.FinalMessage.ShouldNotBeNull();
        File.ReadAllText(promptFile).ShouldBe(AgentScratch.Prompt);
        File.ReadAllLines(_scratch.File("args"))[^1].ShouldBe($"--task-file={promptFile}");
    }

    [Fact]
    public async Task I_can_give_a_command_its_prompt_as_an_argument()
    {
        await Command(PromptDelivery.Argument, "--script", $"args {_scratch.File("args")}", "--task", "{prompt}")
            .RunAsync(_scratch.Request(""), _scratch.Events.Add, TestContext.Current.CancellationToken);

        File.ReadAllLines(_scratch.File("args"))[^2..].ShouldBe(["--task", AgentScratch.Prompt]);
    }

    [Fact]
    public async Task I_see_a_failing_exit_code_as_the_commands_claim_of_failure()
    {
        var result = await Command(PromptDelivery.Stdin, "--script", "print trying\nstderr it broke\nexit 3")
            .RunAsync(_scratch.Request(""), _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.Exit.ShouldBe(AgentExit.Exited);
        result.ExitCode.ShouldBe(3);
        result.ClaimsSuccess.ShouldBeFalse();
        result.Errors.ShouldBe(["exited with code 3: it broke"]);
    }

    [Fact]
    public async Task I_can_name_other_variables_in_the_environment_of_a_configured_agent()
    {
        var agent = new CommandAgent(new AgentSettings("mine", AgentKind.Command)
        {
            Executable = AgentScratch.FakeAgent,
            Arguments = ["--script", "env GREETING"],
            Environment = new Dictionary<string, string?> { ["GREETING"] = "hello ${WHO}!" },
        });

        var result = await agent.RunAsync(_scratch.Request("", null, ("WHO", "world")), _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.FinalMessage.ShouldBe("hello world!");
    }

    [Fact]
    public async Task I_get_claude_style_events_from_a_command_that_wraps_claude()
    {
        var result = await Command(PromptDelivery.Stdin, "--script", $"file {StreamFeed.TranscriptPath("claude-06_bash_read_edit.jsonl")}")
            .RunAsync(_scratch.Request(""), _scratch.Events.Add, TestContext.Current.CancellationToken);

        result.CostUsd.ShouldBe(0.000875m);
        _scratch.Events.OfType<AgentToolUsed>().Count().ShouldBe(4);
    }

    [Fact]
    public async Task I_can_read_the_transcript_while_the_agent_is_still_talking()
    {
        string? seenDuringRun = null;
        void OnEvent(AgentEvent e)
        {
            if (e is AgentTextEmitted { Text: "tick 2" })
            {
                seenDuringRun = File.ReadAllText(_scratch.TranscriptPath);
            }
        }

        var result = await Command(PromptDelivery.Stdin, "--script", "slow 3 20").RunAsync(_scratch.Request(""), OnEvent, TestContext.Current.CancellationToken);

        seenDuringRun.ShouldBe("tick 1\ntick 2\n");
        _scratch.Transcript().ShouldBe("tick 1\ntick 2\ntick 3\n");
        result.FinalMessage.ShouldBe("tick 3");
    }
}
