using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Bench.Specs;

/// <summary>Takes the task's simulated duration, writes one file, claims success; as a reviewer, approves at once.</summary>
internal sealed class SimulatedAgent(IReadOnlyDictionary<string, TimeSpan> durations) : IAgent
{
    public string Name => "simulated";

    public async Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        var task = request.Prompt.Split('\n').FirstOrDefault(l => l.StartsWith("Task: ", StringComparison.Ordinal))?[6..] ?? "";
        var message = """{"verdict": "approved", "summary": "ok", "blocking": [], "future": []}""";
        if (request.Prompt.StartsWith("Pace role: task", StringComparison.Ordinal))
        {
            await Task.Delay(durations[task], cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(request.WorkingFolder, task + ".txt"), task + "\n", cancellationToken).ConfigureAwait(false);
            message = "done";
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.TranscriptPath))!);
        await File.WriteAllTextAsync(request.TranscriptPath, "{}\n", cancellationToken).ConfigureAwait(false);
        return new AgentResult(AgentExit.Exited, 0, true, null, message, AgentUsage.None, 0m, 1, [], [], TimeSpan.Zero, request.TranscriptPath);
    }
}
