using Pace.Core.Agents;
using Pace.Core.Git;

namespace Pace.Core.Verification;

/// <summary>What <see cref="VerifiedSession"/> decided about one session, with everything it looked at.</summary>
public sealed record SessionJudgement(Verdict Verdict, IReadOnlyList<CheckResult> Checks, TestTotals? Baseline, TamperReport Tamper, DiffStats Diff)
{
    /// <summary>The item's acceptance checks as they ran on the base before the session (empty: none, or not run).</summary>
    public IReadOnlyList<CheckResult> AcceptanceOnBase { get; init; } = [];

    /// <summary>How the session proved it built its item (null: no proof was asked).</summary>
    public ProofEvidence? Proof { get; init; }
    /// <summary>The evaluator's decision, when one is configured and was asked.</summary>
    public Evaluation? Evaluation { get; init; }

    public bool Passed => Verdict.Passed;

    public IReadOnlyList<string> Reasons => Verdict.Reasons;

    /// <summary>
    /// The evidence of this session as both the loop and spec tasks store it; the caller adds what only
    /// it knows (the result commit, the attempt ref).
    /// </summary>
    public SessionEvidence Evidence(string itemId, int session, string agentName, string baseCommit, AgentResult agent, DateTimeOffset startedAt, DateTimeOffset finishedAt) =>
        new(itemId, session, agentName, baseCommit, null, Checks, Baseline, Verdict.Totals, Tamper, Diff,
            agent.ClaimsSuccess, agent.Exit, agent.ExitCode, agent.CostUsd, agent.Usage, agent.Turns, agent.Duration, agent.TranscriptPath,
            Verdict, startedAt, finishedAt)
        {
            PermissionDenials = agent.PermissionDenials,
            AgentMessage = agent.FinalMessage,
            AgentSessionId = agent.SessionId,
            AgentErrors = agent.Errors,
            AcceptanceOnBase = AcceptanceOnBase,
            Proof = Proof,
            Evaluation = Evaluation,
        };
}
