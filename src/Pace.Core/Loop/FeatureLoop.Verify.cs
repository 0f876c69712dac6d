using Pace.Core.Features;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    /// <summary>A feature's own <c>verify</c> checks on the base, before its agent starts; kept in the session (saved with the agent's result).</summary>
    private async Task<SessionState> AcceptanceOnBaseAsync(Ports.IWorkspace workspace, SessionState session, Feature feature, string folder, CancellationToken cancellationToken)
    {
        if (feature.Verify.Count == 0)
        {
            return session;
        }

        var onBase = await Verified.RunAsync(VerifiedSession.Acceptance(feature.Verify), workspace.Root, Path.Combine(folder, "verify-on-base"), cancellationToken).ConfigureAwait(false);
        return session with { AcceptanceOnBase = onBase };
    }

    private async Task<SessionState> VerifyAsync(SessionPlace place, SessionState session, Feature feature, CancellationToken cancellationToken)
    {
        var workspace = place.Workspace;
        var agent = session.Agent!;
        var state = State;

        // One look at the tree: branch, HEAD and the paths changed since the base. An agent that left
        // the session's branch is put back on it first (the changed paths still hold: moving HEAD does
        // not touch the files).
        var status = await workspace.StatusAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        var head = await ReturnToBranchAsync(workspace, session, status, cancellationToken).ConfigureAwait(false);
        var folder = Path.Combine(_context.Store.SessionFolder(session.Number), "checks");
        var work = new SessionWork(
            workspace, session.BaseCommit, agent, new TamperRules(_context.Layout.Owned, _context.Config.ProtectedTests),
            _context.Config.Checks, workspace.Root, folder, session.Baseline ?? state.Baseline, place.Files.Exists)
        {
            Status = status with { Head = head },
            PaceFilesTouched = session.PaceFilesTouched,
            Acceptance = VerifiedSession.Acceptance(feature.Verify),
            Regression = RegressionChecks(place, feature, session.Number),
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
            Evaluate = EvaluateFor(workspace, session, feature),
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
        var verified = session;
        Update(s => place.Put(s, verified) with { CostUsd = s.CostUsd + (judgement.Evaluation?.CostUsd ?? 0) });
        Save("verified", session.Number, passed ? "passed" : string.Join("; ", reasons));
        return session;
    }

    /// <summary>The verify commands of the other features already passing, up to the configured cap.</summary>
    private IReadOnlyList<CheckSpec> RegressionChecks(SessionPlace place, Feature feature, int session) =>
        _context.Config.RegressionCap <= 0 ? []
            : Regression.Choose([.. LoadFeatureList(place.Files).Features.Where(f => f.Passes && f.Id != feature.Id).Select(f => new PassingItem(f.Id.Value, f.Verify))], _context.Config.RegressionCap, session);

    /// <summary>
    /// The evaluator's question about this session, when pace.evaluator names one: it reads the session's
    /// tree, its transcripts go beside the agent's, and its budget is the session's within what the run has left.
    /// </summary>
    private Func<EvaluatorEvidence, CancellationToken, Task<Evaluation>>? EvaluateFor(Ports.IWorkspace workspace, SessionState session, Feature feature)
    {
        if (_context.Evaluator is not { } agent)
        {
            return null;
        }

        var evaluator = new Evaluator(agent, SessionLimits(), _context.Secrets);
        var item = new EvaluatedItem(feature.Id.Value, feature.Description, feature.Steps);
        return (evidence, cancellationToken) => evaluator.EvaluateAsync(
            new EvaluationRequest(workspace, session.BaseCommit, workspace.Root, item, evidence,
                _context.Store.SessionFolder(session.Number), RefNames.Feature(RefNames.Evaluated, feature.Id.Value)),
            cancellationToken);
    }

    private VerifiedSession Verified => new(_context.Checks, _context.Secrets, _context.Config.Secrets, _context.Config.SessionLimits);
}
