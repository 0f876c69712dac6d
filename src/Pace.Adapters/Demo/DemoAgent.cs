using System.Text.Json;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Demo;

/// <summary>
/// The built-in scripted agent of `pace demo`: no model, no network. It writes the example's code
/// feature by feature, emits the events a real agent would, and once claims success falsely.
/// </summary>
public sealed class DemoAgent : IAgent
{
    private readonly TimeSpan _pace;
    private readonly Dictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <param name="pace">A pause between actions, so that a person can follow the live view.</param>
    public DemoAgent(TimeSpan pace) => _pace = pace;

    public string Name => "demo";

    public async Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var featureId = FeatureIdIn(request.Prompt);
        var attempt = _attempts[featureId] = _attempts.GetValueOrDefault(featureId) + 1;
        var sessionId = $"demo-{featureId}-{attempt}";
        await using var transcript = new StreamWriter(request.TranscriptPath, append: false);

        async Task Emit(AgentEvent evt, object line)
        {
            onEvent(evt);
            await transcript.WriteLineAsync(JsonSerializer.Serialize(line, DemoJson.Default.DictionaryStringString)).ConfigureAwait(false);
            await Task.Delay(_pace, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await Emit(new AgentSessionStarted(sessionId, "scripted"), Line("init", sessionId)).ConfigureAwait(false);
            var step = DemoScript.For(featureId, attempt);
            if (step is null)
            {
                await Emit(new AgentFinished(false, $"The demo script has nothing for {featureId}."), Line("result", "no script")).ConfigureAwait(false);
                return Result(AgentExit.Exited, 1, false, sessionId, "no script", started, request, 1);
            }

            await Emit(new AgentTextEmitted(step.Say), Line("text", step.Say)).ConfigureAwait(false);
            foreach (var (path, content) in step.Files)
            {
                var full = Path.Combine(request.WorkingFolder, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, content + "\n", cancellationToken).ConfigureAwait(false);
                await Emit(new AgentToolUsed("Write", path), Line("tool_use", "Write " + path)).ConfigureAwait(false);
            }

            var usage = new AgentUsage(1200 * step.Files.Count, 300 * step.Files.Count);
            await Emit(new AgentUsageReported(usage, 0m, 1 + step.Files.Count), Line("usage", $"{usage.InputTokens} in, {usage.OutputTokens} out")).ConfigureAwait(false);
            await Emit(new AgentFinished(true, step.Claim), Line("result", step.Claim)).ConfigureAwait(false);
            return Result(AgentExit.Exited, 0, true, sessionId, step.Claim, started, request, 1 + step.Files.Count) with { Usage = usage, CostUsd = 0m };
        }
        catch (OperationCanceledException)
        {
            return Result(AgentExit.Cancelled, null, false, sessionId, null, started, request, null);
        }
    }

    private static Dictionary<string, string> Line(string type, string text) => new() { ["type"] = type, ["text"] = text };

    private static AgentResult Result(AgentExit exit, int? code, bool claims, string session, string? message, DateTimeOffset started, AgentRequest request, int? turns) =>
        new(exit, code, claims, session, message, AgentUsage.None, null, turns, [], [], DateTimeOffset.UtcNow - started, request.TranscriptPath);

    /// <summary>The prompt names the feature as "Feature ID (" on its own line; the demo reads it back from there.</summary>
    private static string FeatureIdIn(string prompt)
    {
        foreach (var line in prompt.Split('\n'))
        {
            if (line.StartsWith("Feature ", StringComparison.Ordinal) && line.IndexOf(' ', 8) is > 8 and var end)
            {
                return line[8..end];
            }
        }

        return "";
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DemoJson : System.Text.Json.Serialization.JsonSerializerContext;
