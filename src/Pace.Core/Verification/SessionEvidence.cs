using Pace.Core.Agents;
using Pace.Core.Git;

namespace Pace.Core.Verification;

/// <summary>
/// What Pace saw of one session, kept with the result (<c>.pace/sessions/N/evidence.json</c>): the
/// checks it ran, the test totals before and after, what the agent touched, said and cost, and the
/// verdict. <paramref name="ItemId"/> is the feature's or task's id; <paramref name="ResultCommit"/> is
/// null when the session failed (its work is then on <see cref="AttemptRef"/>).
/// </summary>
public sealed record SessionEvidence(
    string ItemId,
    int Session,
    string Agent,
    string BaseCommit,
    string? ResultCommit,
    IReadOnlyList<CheckResult> Checks,
    TestTotals? Baseline,
    TestTotals? TotalsAfter,
    TamperReport Tamper,
    DiffStats Diff,
    bool AgentClaimsSuccess,
    AgentExit AgentExit,
    int? AgentExitCode,
    decimal? CostUsd,
    AgentUsage Tokens,
    int? Turns,
    TimeSpan Duration,
    string TranscriptPath,
    Verdict Verdict,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    /// <summary>The item's own <c>verify</c> checks as they ran on the base before the session (their runs after it are among <see cref="Checks"/>).</summary>
    public IReadOnlyList<CheckResult> AcceptanceOnBase { get; init; } = [];

    /// <summary>How the session proved it built its item: its own checks, red then green, or an exemption (null: not asked).</summary>
    public ProofEvidence? Proof { get; init; }

    /// <summary>Permissions the agent was denied (each one fails the session).</summary>
    public IReadOnlyList<string> PermissionDenials { get; init; } = [];

    /// <summary>Where the failed attempt's tree is kept (<c>refs/pace/attempts/ID/N</c>), if it was.</summary>
    public string? AttemptRef { get; init; }

    /// <summary>The agent's last message, as it said it (may be cut by the loop).</summary>
    public string? AgentMessage { get; init; }

    /// <summary>The CLI's own session id (Claude's and Gemini's session_id, Codex's thread_id), to find its logs.</summary>
    public string? AgentSessionId { get; init; }

    /// <summary>What went wrong on the agent's side, in its words: API errors, the exit it died with, a limit it hit.</summary>
    public IReadOnlyList<string> AgentErrors { get; init; } = [];

    /// <summary>The evaluator's answers and decision (docs/evaluator.md); null when none was asked.</summary>
    public Evaluation? Evaluation { get; init; }

    /// <summary>A fleet run's session: the worker that ran it, whose host keeps the transcript at <see cref="TranscriptPath"/>, and the transcript's end; null: it ran here.</summary>
    public FleetOrigin? RanOn { get; init; }
}

/// <param name="Worker">The worker's name in the fleet.</param>
/// <param name="TranscriptTail">The last few kilobytes of its transcript, whole lines (redacted, as everything the worker reports).</param>
public sealed record FleetOrigin(string Worker, string? TranscriptTail);
