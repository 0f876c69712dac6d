using Pace.Core.Agents;
using Pace.Core.Ports;

namespace Pace.Core.Verification;

/// <summary>
/// One agent session to judge: the tree it worked in, where it started, what the agent reported, and
/// the checks that decide. <paramref name="CheckFolder"/> is where the checks run (the project's folder
/// in the tree); <paramref name="OutputFolder"/> receives their logs; <paramref name="FileExists"/> tells
/// a deleted path from a changed one (relative to the tree's root).
/// </summary>
public sealed record SessionWork(
    IWorkspace Workspace,
    string BaseCommit,
    AgentResult Agent,
    TamperRules Rules,
    IReadOnlyList<CheckSpec> Checks,
    string CheckFolder,
    string OutputFolder,
    TestTotals? Baseline,
    Func<string, bool> FileExists)
{
    /// <summary>The item's own acceptance checks (its <c>verify</c> commands, <see cref="VerifiedSession.Acceptance"/>): each must pass after the session.</summary>
    public IReadOnlyList<CheckSpec> Acceptance { get; init; } = [];

    /// <summary>The same checks as they ran on the base before the session; null when they did not run there.</summary>
    public IReadOnlyList<CheckResult>? AcceptanceOnBase { get; init; }

    /// <summary>The <c>verify</c> commands of items already passing (<see cref="Regression.Choose"/>): one that fails now fails the session, by name.</summary>
    public IReadOnlyList<CheckSpec> Regression { get; init; } = [];

    /// <summary>The tree as the caller already saw it (HEAD and changed paths); null: asked of the workspace.</summary>
    public Git.WorkspaceStatus? Status { get; init; }

    /// <summary>Pace's own files the agent changed, already restored by the caller; each fails the session.</summary>
    public IReadOnlyList<string> PaceFilesTouched { get; init; } = [];

    /// <summary>Called after the agent's commits became plain changes (crash points).</summary>
    public Action Uncommitted { get; init; } = () => { };

    /// <summary>Called after edits of owned paths were undone (journal, crash points).</summary>
    public Action<IReadOnlyList<string>> OwnedRestored { get; init; } = _ => { };

    /// <summary>
    /// What the session must prove (<see cref="RedThenGreen"/>) when the item has no <c>verify</c> of its
    /// own; null: nothing beyond green checks (a review fix, a tree no single session made).
    /// </summary>
    public ProofRequest? Proof { get; init; }

    /// <summary>Called once the proof's temporary tree exists, before its checks run (crash points).</summary>
    public Action ProofTreeReady { get; init; } = () => { };

    /// <summary>Called right before the checks start (progress display).</summary>
    public Action ChecksStarting { get; init; } = () => { };

    /// <summary>Asks the evaluator (pace.evaluator) about a session Pace's checks passed; null: none is configured.</summary>
    public Func<EvaluatorEvidence, CancellationToken, Task<Evaluation>>? Evaluate { get; init; }
}
