using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Adapters.Tests.Specs;

/// <summary>A reviewer agent that answers each request with the next of its answers, after scribbling in the tree it was given.</summary>
internal sealed class FakeReviewer(params string[] answers) : IAgent
{
    private readonly Queue<string> _answers = new(answers);

    public string Name => "fake-reviewer";

    public List<AgentRequest> Requests { get; } = [];

    public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        // A reviewer must change nothing: whatever it writes is undone.
        File.WriteAllText(Path.Combine(request.WorkingFolder, "scribble.txt"), "reviewer was here\n");
        File.AppendAllText(Path.Combine(request.WorkingFolder, "a.txt"), "edited\n");
        var answer = _answers.Dequeue();
        return Task.FromResult(new AgentResult(AgentExit.Exited, 0, true, null, answer, AgentUsage.None, null, null, [], [], TimeSpan.Zero, request.TranscriptPath));
    }
}
