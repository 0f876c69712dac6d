using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Core.Verification;

/// <summary>What the evaluator judges: a feature of the loop, or a spec task (its text, its subtasks as steps).</summary>
public sealed record EvaluatedItem(string Id, string Description, IReadOnlyList<string> Steps);

/// <summary>What Pace's own verification found, as the evaluator is shown it.</summary>
public sealed record EvaluatorEvidence(IReadOnlyList<CheckResult> Checks, TestTotals? Baseline, TestTotals? Totals, IReadOnlyList<string> Notes, DiffStats Diff);

/// <summary>
/// One evaluation to make. The evaluator works in <paramref name="WorkingFolder"/> (the session's),
/// its transcripts go to <paramref name="OutputFolder"/>, and <paramref name="TreeRef"/> keeps the tree
/// it was shown (a snapshot, so that whatever it changes can be put back).
/// </summary>
public sealed record EvaluationRequest(
    IWorkspace Workspace, string BaseCommit, string WorkingFolder, EvaluatedItem Item, EvaluatorEvidence Evidence, string OutputFolder, string TreeRef);

/// <summary>One answer of the evaluator: its final message (redacted, cut), what made it unreadable, how the agent ended and what it cost.</summary>
public sealed record EvaluatorAnswer(string Answer, string? Problem, AgentExit Exit, decimal? CostUsd, AgentUsage Tokens, string TranscriptPath);

/// <summary>
/// The evaluator's decision on a session that passed Pace's checks, kept in the evidence.
/// <paramref name="Reasons"/> are the session's reasons to fail, in Pace's words (empty when it
/// accepted); <see cref="Answers"/> hold every answer as given, readable or not.
/// </summary>
public sealed record Evaluation(string Evaluator, bool Accepted, IReadOnlyList<string> Reasons, IReadOnlyList<EvaluatorAnswer> Answers)
{
    /// <summary>The cost of every answer; null when the agent reported none.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>The ref of the snapshot the evaluator was shown (refs/pace/evaluated/...).</summary>
    public string? TreeRef { get; init; }

    /// <summary>What Pace saw on the way: the evaluator changed the tree and it was put back.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
