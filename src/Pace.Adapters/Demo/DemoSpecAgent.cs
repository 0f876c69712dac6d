using System.Text.Json;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Demo;

/// <summary>
/// The built-in scripted agent for the example spec (agent "demo" in pace.spec): no model, no
/// network. It reads its role, task, wave and review cycle from the prompt's header lines; it
/// writes the example's code for each task, and as a reviewer it asks for changes once (the
/// first review of wave 1), then approves.
/// </summary>
public sealed class DemoSpecAgent : IAgent
{
    public string Name => "demo";

    public async Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onEvent);
        var started = DateTimeOffset.UtcNow;
        var header = Header(request.Prompt);
        var role = header.GetValueOrDefault("Pace role", "");
        IReadOnlyDictionary<string, string> none = new Dictionary<string, string>();
        (IReadOnlyDictionary<string, string> files, string message) = role switch
        {
            "task" => DemoSpecScript.Task(header.GetValueOrDefault("Task", "")),
            "fix" => DemoSpecScript.Fix(),
            "review" => (none, DemoSpecScript.Review(WaveOf(header), int.Parse(header.GetValueOrDefault("Review cycle", "1"), System.Globalization.CultureInfo.InvariantCulture))),
            _ => (none, "The demo agent has no script for this."),
        };

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.TranscriptPath))!);
        await using var transcript = new StreamWriter(request.TranscriptPath, append: false);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(request.WorkingFolder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content + "\n", cancellationToken).ConfigureAwait(false);
            onEvent(new AgentToolUsed("Write", path));
            await transcript.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "tool_use", ["text"] = "Write " + path }, DemoJson.Default.DictionaryStringString)).ConfigureAwait(false);
        }

        onEvent(new AgentFinished(true, message));
        await transcript.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = "result", ["text"] = message }, DemoJson.Default.DictionaryStringString)).ConfigureAwait(false);
        return new AgentResult(AgentExit.Exited, 0, true, $"demo-{role}", message, AgentUsage.None, 0m, 1 + files.Count, [], [], DateTimeOffset.UtcNow - started, request.TranscriptPath);
    }

    private static int WaveOf(Dictionary<string, string> header) =>
        int.Parse(header.GetValueOrDefault("Wave", "1").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The "Key: value" lines at the top of the prompt, up to the first blank line.</summary>
    private static Dictionary<string, string> Header(string prompt)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in prompt.Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                header[line[..colon]] = line[(colon + 2)..].Trim();
            }
        }

        return header;
    }
}
