using Pace.Core.Features;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    /// <summary>A feature's own <c>verify</c> checks on the base, before its agent starts; kept in the session (saved with the agent's result).</summary>
    private async Task<SessionState> AcceptanceOnBaseAsync(SessionState session, Feature feature, string folder, CancellationToken cancellationToken)
    {
        if (feature.Verify.Count == 0)
        {
            return session;
        }

        var onBase = await Verified.RunAsync(VerifiedSession.Acceptance(feature.Verify), _context.Workspace.Root, Path.Combine(folder, "verify-on-base"), cancellationToken).ConfigureAwait(false);
        return session with { AcceptanceOnBase = onBase };
    }

    private async Task<(RunState, SessionState)> VerifyAsync(RunState state, SessionState session, Feature feature, CancellationToken cancellationToken)
    {
        var workspace = _context.Workspace;
        var agent = session.Agent!;

        // One look at the tree: branch, HEAD and the paths changed since the base. An agent that left
        // the session's branch is put back on it first (the changed paths still hold: moving HEAD does
        // not touch the files).
        var status = await workspace.StatusAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        var head = await ReturnToBranchAsync(session, status, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(_context.Store.SessionFolder(session.Number), "checks");
        var work = new SessionWork(
            workspace, session.BaseCommit, agent, new TamperRules(_context.Layout.Owned, _context.Config.ProtectedTests),
            _context.Config.Checks, workspace.Root, folder, state.Baseline, _context.Files.Exists)
        {
            Status = status with { Head = head },
            PaceFilesTouched = session.PaceFilesTouched,
            Acceptance = VerifiedSession.Acceptance(feature.Verify),
            Regression = RegressionChecks(feature, session.Number),
            AcceptanceOnBase = feature.Verify.Count > 0 ? session.AcceptanceOnBase : null,
            Uncommitted = () => _context.Checkpoint("agent-commits-undone", session.Number),
            OwnedRestored = owned =>
            {
                _context.Store.Journal("owned-files-restored", session.Number, string.Join(", ", owned));
                _context.Checkpoint("owned-files-restored", session.Number);
            },
            ChecksStarting = () => _context.Observer.ChecksStarted(session.Number),
            Proof = _context.Proofs is { } proofs ? new ProofRequest(feature.Id.Value, feature.Category, proofs, _context.Config.Proof) : null,
            ProofTreeReady = () => _context.Checkpoint("proof-tree-ready", session.Number),
            Evaluate = EvaluateFor(state, session, feature),
        };
        var judgement = await Verified.JudgeAsync(work, cancellationToken).ConfigureAwait(false);

        var passed = judgement.Passed;
        var reasons = judgement.Reasons;
        var now = _context.Clock.GetUtcNow();
        _context.Store.SaveEvidence(judgement.Evidence(session.FeatureId, session.Number, AgentOf(session).Name, session.BaseCommit, agent, session.StartedAt, now) with
        {
            AttemptRef = passed ? null : AttemptRef(session),
        });

        _context.Checkpoint("evidence-written", session.Number);
        session = session with { Phase = SessionPhase.Verified, Passed = passed, Reasons = reasons, VerifiedAt = now, Totals = judgement.Verdict.Totals };
        // The evaluator's cost counts toward the run's budget like the agent's.
        state = state with { Current = session, CostUsd = state.CostUsd + (judgement.Evaluation?.CostUsd ?? 0) };
        Save(state, "verified", session.Number, passed ? "passed" : string.Join("; ", reasons));
        return (state, session);
    }

    /// <summary>The verify commands of the other features already passing, up to the configured cap.</summary>
    private IReadOnlyList<CheckSpec> RegressionChecks(Feature feature, int session) =>
        _context.Config.RegressionCap <= 0 ? []
            : Regression.Choose([.. LoadFeatureList().Features.Where(f => f.Passes && f.Id != feature.Id).Select(f => new PassingItem(f.Id.Value, f.Verify))], _context.Config.RegressionCap, session);

    /// <summary>
    /// The evaluator's question about this session, when pace.evaluator names one: it reads the session's
    /// tree, its transcripts go beside the agent's, and its budget is the session's within what the run has left.
    /// </summary>
    private Func<EvaluatorEvidence, CancellationToken, Task<Evaluation>>? EvaluateFor(RunState state, SessionState session, Feature feature)
    {
        if (_context.Evaluator is not { } agent)
        {
            return null;
        }

        var limits = _context.Config.SessionLimits;
        if (state.Options.BudgetUsd is { } runBudget)
        {
            var left = Math.Max(0, runBudget - state.CostUsd);
            limits = limits with { CostBudgetUsd = limits.CostBudgetUsd is { } own ? Math.Min(own, left) : left };
        }

        var evaluator = new Evaluator(agent, limits, _context.Secrets);
        var item = new EvaluatedItem(feature.Id.Value, feature.Description, feature.Steps);
        return (evidence, cancellationToken) => evaluator.EvaluateAsync(
            new EvaluationRequest(_context.Workspace, session.BaseCommit, _context.Workspace.Root, item, evidence,
                _context.Store.SessionFolder(session.Number), RefNames.Feature(RefNames.Evaluated, feature.Id.Value)),
            cancellationToken);
    }

    private VerifiedSession Verified => new(_context.Checks, _context.Secrets, _context.Config.Secrets, _context.Config.SessionLimits);
}
