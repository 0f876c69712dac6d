using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Core.Tests.Verification.Fakes;

/// <summary>An evaluator that gives its answers in turn (the last one again when they run out); each run may also do something to the tree first.</summary>
public sealed class FakeEvaluatorAgent(params string?[] answers) : IAgent
{
    public string Name => "judge";

    public List<AgentRequest> Requests { get; } = [];

    /// <summary>Done before each answer: a misbehaving evaluator edits the tree here.</summary>
    public Action Meddle { get; init; } = () => { };

    public decimal CostPerAnswer { get; init; } = 0.25m;

    public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        Meddle();
        var answer = answers[Math.Min(Requests.Count, answers.Length) - 1];
        return Task.FromResult(new AgentResult(
            AgentExit.Exited, 0, true, null, answer, new AgentUsage(100, 10), CostPerAnswer, 1, [], [], TimeSpan.FromSeconds(1), request.TranscriptPath));
    }
}
