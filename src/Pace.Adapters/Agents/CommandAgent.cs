using Pace.Adapters.Agents.Streams;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Agents;

/// <summary>
/// Any program as an agent. The prompt goes in through standard input (then closed), a file
/// (PACE_PROMPT_FILE and {promptFile} in the arguments; kept beside the transcript) or {prompt}
/// in the arguments. Its output lines are text, or Claude-style stream-json events where they are
/// such. Its exit code is its claim.
/// </summary>
public sealed class CommandAgent(AgentSettings settings) : IAgent
{
    public const string PromptFileVariable = "PACE_PROMPT_FILE";

    public string Name => settings.Name;

    /// <summary>Where the prompt file of a session goes when the prompt is delivered as a file.</summary>
    public static string PromptFileFor(string transcriptPath) => transcriptPath + ".prompt.md";

    public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var environment = AgentEnvironment.For(settings, request);
        var promptFile = Path.GetFullPath(PromptFileFor(request.TranscriptPath));
        if (settings.Prompt == PromptDelivery.File || settings.Arguments.Any(a => a.Contains("{promptFile}", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(promptFile)!);
            File.WriteAllText(promptFile, request.Prompt);
            environment[PromptFileVariable] = promptFile;
        }

        var arguments = settings.Arguments
            .Select(argument => argument
                .Replace("{promptFile}", promptFile, StringComparison.Ordinal)
                .Replace("{prompt}", request.Prompt, StringComparison.Ordinal))
            .ToList();
        var launch = new AgentLaunch(settings.Executable ?? settings.Name, arguments, new CommandStreamParser())
        {
            Environment = environment,
            StandardInput = settings.Prompt == PromptDelivery.Stdin ? request.Prompt : null,
            CountsTurns = true,
            Claim = (_, exitCode) => exitCode == 0,
        };
        return AgentSession.RunAsync(launch, request, onEvent, cancellationToken);
    }
}
