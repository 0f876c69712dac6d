using Pace.Core.Agents;
using Pace.Core.Plans;
using Pace.Core.Ports;

namespace Pace.Adapters.Demo;

/// <summary>
/// The scripted planner of `pace demo`: it answers the example's feature list, the first time with
/// a line of the description taken for work (a persona with no steps), so that the demo shows Pace's
/// plan check sending it back and the second answer being accepted.
/// </summary>
public sealed class DemoPlanAgent : IAgent
{
    private const string Persona =
        "\n    {\n      \"id\": \"WRITER\",\n      \"category\": \"notes\",\n      \"description\": \"As a writer\",\n      \"priority\": \"low\",\n      \"steps\": [],\n      \"passes\": false\n    },";

    private readonly string _plan;
    private readonly TimeSpan _pace;
    private int _answers;

    /// <param name="plan">The feature list it answers (the example's own).</param>
    /// <param name="pace">A pause between actions, so that a person can follow.</param>
    public DemoPlanAgent(string plan, TimeSpan pace)
    {
        _plan = plan;
        _pace = pace;
    }

    public string Name => "demo";

    public async Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var answer = ++_answers;
        var first = answer == 1;
        var path = request.Environment.TryGetValue(PlanPrompt.AnswerVariable, out var named) && named is not null
            ? named
            : throw new InvalidOperationException($"the plan request names no answer file ({PlanPrompt.AnswerVariable})");
        var plan = first ? _plan.Replace("\"features\": [", "\"features\": [" + Persona, StringComparison.Ordinal) : _plan;
        var say = first ? "Planned 5 items from the description." : "Left out the persona line; 4 features remain.";

        onEvent(new AgentSessionStarted($"demo-plan-{answer}", "scripted"));
        await File.WriteAllTextAsync(path, plan, cancellationToken).ConfigureAwait(false);
        onEvent(new AgentToolUsed("Write", Path.GetFileName(path)));
        await File.WriteAllTextAsync(request.TranscriptPath, say + "\n", cancellationToken).ConfigureAwait(false);
        await Task.Delay(_pace, cancellationToken).ConfigureAwait(false);
        onEvent(new AgentFinished(true, say));
        return new AgentResult(AgentExit.Exited, 0, true, $"demo-plan-{answer}", say, AgentUsage.None, 0m, 1, [], [], DateTimeOffset.UtcNow - started, request.TranscriptPath);
    }
}
