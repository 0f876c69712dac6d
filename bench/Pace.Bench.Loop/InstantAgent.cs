using System.Diagnostics;
using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Bench.Loop;

/// <summary>An agent that returns at once: it writes one new file and claims success.</summary>
internal sealed class InstantAgent : IAgent
{
    private int _sessions;

    public string Name => "instant";

    public async Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var n = ++_sessions;
        var file = Path.Combine(request.WorkingFolder, "features", $"feature-{n:D4}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, $"feature {n}\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(request.TranscriptPath, "{\"type\":\"result\"}\n", cancellationToken).ConfigureAwait(false);
        onEvent(new AgentFinished(true, "Done."));
        return new AgentResult(AgentExit.Exited, 0, true, $"instant-{n}", "Done.", AgentUsage.None, 0m, 1, [], [], clock.Elapsed, request.TranscriptPath);
    }
}
