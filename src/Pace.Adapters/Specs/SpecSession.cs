using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Adapters.Specs;

/// <summary>What a verified session ended with: its commit when it passed, the reasons when it did not.</summary>
internal sealed record SessionOutcome(bool Passed, IReadOnlyList<string> Reasons, string? Commit, string? AttemptRef, bool ClaimedSuccessFalsely = false)
{
    public static readonly SessionOutcome Clean = new(true, [], null, null);

    /// <summary>The agent stopped on a usage window: nothing was judged, the partial work is on <see cref="AttemptRef"/>.</summary>
    public UsageLimit? Limit { get; init; }
}

/// <summary>
/// One session of a spec run: the agent works in <paramref name="Worktree"/> from <paramref name="BaseCommit"/>,
/// its evidence goes to <paramref name="Folder"/>; passed, it is one commit with <paramref name="CommitMessage"/>;
/// failed, the attempt goes to the next free ref under <paramref name="AttemptPrefix"/>.
/// </summary>
internal sealed record SpecSessionRequest(
    string Worktree, string BaseCommit, string Prompt, IReadOnlyList<CheckSpec> Checks, string Folder, string ItemId,
    TestTotals? Baseline, string CommitMessage, string AttemptPrefix)
{
    /// <summary>The item's own acceptance commands (a task's <c>verify</c>).</summary>
    public IReadOnlyList<string> Verify { get; init; } = [];

    /// <summary>The session must prove it built its item (red, then green) unless <see cref="Verify"/> decides: a task's, not a review fix's.</summary>
    public bool Prove { get; init; }

    public IReadOnlyList<CheckSpec> Regression { get; init; } = [];

    /// <summary>What the evaluator is asked about (a task); null: no evaluator question.</summary>
    public EvaluatedItem? Evaluated { get; init; }

    /// <summary>Where a session stopped by a usage window keeps its partial work; null: such a session is judged like any other.</summary>
    public string? InterruptedPrefix { get; init; }

    /// <summary>The task's own test files (agent-os artifacts.test_files), which its proof runs; none for a review fix.</summary>
    public IReadOnlyList<string> TestFiles { get; init; } = [];
}

/// <summary>
/// What a spec session works with: a spec run's (<see cref="WaveContext.Sessions"/>), or a fleet
/// worker's, which has the claimed task and the project's tree at its base but not the spec.
/// </summary>
/// <param name="Layout">The spec's layout in the repository the session's worktree belongs to.</param>
internal sealed record SpecSessionContext(
    SpecLayout Layout,
    Core.Config.PaceConfig Config,
    Core.Ports.IRepository Repository,
    Core.Ports.IAgent Agent,
    Core.Ports.ICheckRunner Checks,
    TimeProvider Clock,
    IReadOnlyDictionary<string, string?>? GitEnvironment)
{
    public Core.Ports.IAgent? Evaluator { get; init; }

    public Action<string> Checkpoint { get; init; } = _ => { };
}

/// <summary>
/// The task runner's one session: an agent in its worktree judged by Core's <see cref="VerifiedSession"/>,
/// the same rule as the feature loop's. The evidence is written before the commit, so that a run
/// killed in between finds the commit by its trailer and completes the evidence (<see cref="TaskEvidence.Complete"/>).
/// </summary>
internal sealed class SpecSession(SpecSessionContext context)
{
    private SpecLayout Layout => context.Layout;

    private DateTimeOffset Now => context.Clock.GetUtcNow();

    /// <summary>The judge of trees that are not a session's own work (a replayed early result).</summary>
    public VerifiedSession Verified => new(context.Checks, () => Security.Secrets.Current, context.Config.Secrets, context.Config.SessionLimits);

    public async Task<SessionOutcome> RunAsync(SpecSessionRequest session, CancellationToken cancellationToken)
    {
        var worktree = session.Worktree;
        var baseCommit = session.BaseCommit;
        var folder = session.Folder;
        var itemId = session.ItemId;
        var workspace = new Git.GitCliWorkspace(worktree, context.GitEnvironment);
        TaskEvidence.MakeRoom(folder);
        Directory.CreateDirectory(folder);
        var started = Now;
        // The task's own acceptance checks run on the base first: one that passes there proves nothing.
        var acceptance = VerifiedSession.Acceptance(session.Verify);
        var onBase = acceptance.Count == 0 ? null
            : await Verified.RunAsync(acceptance, Layout.ProjectIn(worktree), Path.Combine(folder, "verify-on-base"), cancellationToken).ConfigureAwait(false);
        var request = new AgentRequest(Layout.ProjectIn(worktree), session.Prompt, Path.Combine(folder, "transcript.jsonl"), context.Config.SessionLimits);
        var agent = await context.Agent.RunAsync(request, _ => { }, cancellationToken).ConfigureAwait(false);
        if (agent.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        context.Checkpoint($"agent-finished:{itemId}");
        if (agent.Limit is { } limit && session.InterruptedPrefix is { } interrupted)
        {
            // Neither a failure nor an attempt: the partial work is kept, the tree goes back to the base, and the caller pauses.
            var aside = await context.Repository.NextRefAsync(interrupted, cancellationToken).ConfigureAwait(false);
            var kept = await workspace.SnapshotAsync(baseCommit, aside, $"pace: {itemId} stopped by a usage limit", cancellationToken).ConfigureAwait(false);
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            return new SessionOutcome(false, [], null, kept is null ? null : aside) { Limit = limit };
        }

        var work = new SessionWork(
            workspace, baseCommit, agent, new TamperRules(Layout.Owned, context.Config.ProtectedTests), session.Checks,
            Layout.ProjectIn(worktree), Path.Combine(folder, "checks"), session.Baseline, p => File.Exists(Path.Combine(worktree, p)))
        {
            Acceptance = acceptance,
            AcceptanceOnBase = onBase,
            Regression = session.Regression,
            // A task must show it built something; a review fix answers comments and needs no new test.
            Proof = session.Prove
                ? new ProofRequest(itemId, null, new Git.GitProofTree(context.Checks, context.GitEnvironment), context.Config.Proof) { TreeName = $"{Layout.SpecName}-{itemId}", TestFiles = session.TestFiles }
                : null,
            ProofTreeReady = () => context.Checkpoint($"proof-tree-ready:{itemId}"),
            Evaluate = EvaluateFor(session.Evaluated, workspace, baseCommit, Layout.ProjectIn(worktree), folder),
        };
        var judgement = await Verified.JudgeAsync(work, cancellationToken).ConfigureAwait(false);
        var passed = judgement.Passed;
        // Looked up only for a failed session: a passed one needs none.
        var attemptRef = passed ? null : await context.Repository.NextRefAsync(session.AttemptPrefix, cancellationToken).ConfigureAwait(false);
        var evidence = judgement.Evidence(itemId, 0, context.Agent.Name, baseCommit, agent, started, Now) with { AttemptRef = attemptRef };
        string? commit = null;
        if (passed)
        {
            Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence));
            commit = await workspace.CommitAllAsync(session.CommitMessage, cancellationToken).ConfigureAwait(false);
            context.Checkpoint($"session-committed:{itemId}");
            evidence = evidence with { ResultCommit = commit };
        }
        else
        {
            await workspace.SnapshotAsync(baseCommit, attemptRef!, $"pace: failed attempt of {itemId}", cancellationToken).ConfigureAwait(false);
            context.Checkpoint($"attempt-saved:{itemId}");
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        }

        Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence));
        return new SessionOutcome(passed, judgement.Reasons, commit, attemptRef, evidence.Verdict.ClaimedSuccessFalsely);
    }

    /// <summary>The evaluator's question about a task session (pace.evaluator); null when none is configured or the session is not a task's.</summary>
    private Func<EvaluatorEvidence, CancellationToken, Task<Evaluation>>? EvaluateFor(EvaluatedItem? item, Core.Ports.IWorkspace workspace, string baseCommit, string folder, string output)
    {
        if (item is null || context.Evaluator is not { } agent)
        {
            return null;
        }

        var evaluator = new Evaluator(agent, context.Config.SessionLimits, () => Security.Secrets.Current);
        var refName = RefNames.SpecItem(RefNames.Evaluated, Layout.SpecName, item.Id);
        return (evidence, cancellationToken) => evaluator.EvaluateAsync(new EvaluationRequest(workspace, baseCommit, folder, item, evidence, output, refName), cancellationToken);
    }
}
