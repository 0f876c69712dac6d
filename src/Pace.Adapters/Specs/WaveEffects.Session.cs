using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    /// <summary>What a verified session ended with: its commit when it passed, the reasons when it did not.</summary>
    private sealed record SessionOutcome(bool Passed, IReadOnlyList<string> Reasons, string? Commit, string? AttemptRef, bool ClaimedSuccessFalsely = false)
    {
        /// <summary>The agent stopped on a usage window: nothing was judged, the partial work is on <see cref="AttemptRef"/>.</summary>
        public UsageLimit? Limit { get; init; }
    }

    /// <summary>
    /// One agent session in <paramref name="worktree"/> judged by Core's <see cref="VerifiedSession"/>,
    /// the same rule as the feature loop's. Passed: one commit with <paramref name="commitMessage"/>. Failed: the attempt goes
    /// to the next free ref under <paramref name="attemptPrefix"/> (looked up only then: a passed
    /// session needs none) and the tree back to <paramref name="baseCommit"/>. <paramref name="prove"/>: the
    /// session must also prove it built its item (red, then green) unless <paramref name="verify"/> decides.
    /// </summary>
    private async Task<SessionOutcome> RunVerifiedSessionAsync(
        string worktree, string baseCommit, string prompt, IReadOnlyList<CheckSpec> checks, string folder, string itemId,
        TestTotals? baseline, string commitMessage, string attemptPrefix, CancellationToken cancellationToken, IReadOnlyList<string>? verify = null, bool prove = false, IReadOnlyList<CheckSpec>? regression = null,
        EvaluatedItem? evaluated = null, string? interruptedPrefix = null)
    {
        var workspace = Workspace(worktree);
        TaskEvidence.MakeRoom(folder);
        Directory.CreateDirectory(folder);
        var started = Now;
        // The task's own acceptance checks run on the base first: one that passes there proves nothing.
        var acceptance = VerifiedSession.Acceptance(verify ?? []);
        var onBase = acceptance.Count == 0 ? null
            : await Verified.RunAsync(acceptance, Layout.ProjectIn(worktree), Path.Combine(folder, "verify-on-base"), cancellationToken).ConfigureAwait(false);
        var request = new AgentRequest(Layout.ProjectIn(worktree), prompt, Path.Combine(folder, "transcript.jsonl"), _context.Config.SessionLimits);
        var agent = await _context.Agent.RunAsync(request, _ => { }, cancellationToken).ConfigureAwait(false);
        if (agent.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        _context.Checkpoint($"agent-finished:{itemId}");
        if (agent.Limit is { } limit && interruptedPrefix is not null)
        {
            // Neither a failure nor an attempt: the partial work is kept, the tree goes back to the base, and the caller pauses.
            var aside = await _context.Repository.NextRefAsync(interruptedPrefix, cancellationToken).ConfigureAwait(false);
            var kept = await workspace.SnapshotAsync(baseCommit, aside, $"pace: {itemId} stopped by a usage limit", cancellationToken).ConfigureAwait(false);
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
            return new SessionOutcome(false, [], null, kept is null ? null : aside) { Limit = limit };
        }

        var work = new SessionWork(
            workspace, baseCommit, agent, new TamperRules(Layout.Owned, _context.Config.ProtectedTests), checks,
            Layout.ProjectIn(worktree), Path.Combine(folder, "checks"), baseline, p => File.Exists(Path.Combine(worktree, p)))
        {
            Acceptance = acceptance,
            AcceptanceOnBase = onBase,
            Regression = regression ?? [],
            // A task must show it built something; a review fix answers comments and needs no new test.
            Proof = prove ? new ProofRequest(itemId, null, new Git.GitProofTree(_context.Checks, _context.GitEnvironment), _context.Config.Proof) { TreeName = $"{_context.Spec.Name}-{itemId}", TestFiles = TestFilesOf(itemId) } : null,
            ProofTreeReady = () => _context.Checkpoint($"proof-tree-ready:{itemId}"),
            Evaluate = EvaluateFor(evaluated, workspace, baseCommit, Layout.ProjectIn(worktree), folder),
        };
        var judgement = await Verified.JudgeAsync(work, cancellationToken).ConfigureAwait(false);
        var passed = judgement.Passed;
        var reasons = judgement.Reasons;
        // Looked up only for a failed session: a passed one needs none.
        var attemptRef = passed ? null : await _context.Repository.NextRefAsync(attemptPrefix, cancellationToken).ConfigureAwait(false);
        var evidence = judgement.Evidence(itemId, 0, _context.Agent.Name, baseCommit, agent, started, Now) with { AttemptRef = attemptRef };
        string? commit = null;
        if (passed)
        {
            // The evidence is on disk before the commit: a run killed in between finds the commit by its trailer and completes the evidence (TaskEvidence.Complete).
            Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence));
            commit = await workspace.CommitAllAsync(commitMessage, cancellationToken).ConfigureAwait(false);
            _context.Checkpoint($"session-committed:{itemId}");
            evidence = evidence with { ResultCommit = commit };
        }
        else
        {
            await workspace.SnapshotAsync(baseCommit, attemptRef!, $"pace: failed attempt of {itemId}", cancellationToken).ConfigureAwait(false);
            _context.Checkpoint($"attempt-saved:{itemId}");
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        }

        Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence));
        return new SessionOutcome(passed, reasons, commit, attemptRef, evidence.Verdict.ClaimedSuccessFalsely);
    }

    /// <summary>A review fix's session: judged against the wave's baseline, run again after each usage window it meets.</summary>
    private async Task<ReviewFixes.Outcome> RunFixSessionAsync(ReviewFixes.Session fix, CancellationToken cancellationToken)
    {
        var baseline = await BaselineAsync(fix.Wave, fix.Tree, cancellationToken).ConfigureAwait(false);
        var outcome = await WaitingOutLimitsAsync(fix.What, () => RunVerifiedSessionAsync(
            fix.Tree, fix.Reviewed, fix.Prompt, fix.Checks, fix.Folder, fix.Item, baseline, fix.Message, fix.AttemptPrefix, cancellationToken,
            interruptedPrefix: fix.InterruptedPrefix), cancellationToken).ConfigureAwait(false);
        return new ReviewFixes.Outcome(outcome.Passed, outcome.Reasons, outcome.AttemptRef);
    }

    /// <summary>The evaluator's question about a task session (pace.evaluator); null when none is configured or the session is not a task's.</summary>
    private Func<EvaluatorEvidence, CancellationToken, Task<Evaluation>>? EvaluateFor(EvaluatedItem? item, Core.Ports.IWorkspace workspace, string baseCommit, string folder, string output)
    {
        if (item is null || _context.Evaluator is not { } agent)
        {
            return null;
        }

        var evaluator = new Evaluator(agent, _context.Config.SessionLimits, () => Security.Secrets.Current);
        var refName = RefNames.SpecItem(RefNames.Evaluated, _context.Spec.Name, item.Id);
        return (evidence, cancellationToken) => evaluator.EvaluateAsync(new EvaluationRequest(workspace, baseCommit, folder, item, evidence, output, refName), cancellationToken);
    }

    /// <summary>The task's own test files (agent-os artifacts.test_files); none for a session that is not a task's.</summary>
    private IReadOnlyList<string> TestFilesOf(string itemId) => _context.Spec.Tasks.FirstOrDefault(t => t.Id == itemId)?.TestFiles ?? [];

    private VerifiedSession Verified => new(_context.Checks, () => Security.Secrets.Current, _context.Config.Secrets, _context.Config.SessionLimits);
}
