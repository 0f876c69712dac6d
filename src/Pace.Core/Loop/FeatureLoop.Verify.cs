using Pace.Core.Agents;
using Pace.Core.Security;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    private async Task<(RunState, SessionState)> VerifyAsync(RunState state, SessionState session, CancellationToken cancellationToken)
    {
        var workspace = _context.Workspace;
        var agent = session.Agent!;

        // One look at the tree: branch, HEAD and the paths changed since the base (undoing the agent's
        // commits below keeps the files, so those paths stay the same).
        var status = await workspace.StatusAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        var head = await ReturnToBranchAsync(session, status, cancellationToken).ConfigureAwait(false);

        // The agent's own commits become plain changes: Pace makes the one commit of the session.
        if (head != session.BaseCommit)
        {
            await workspace.UncommitAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
            _context.Checkpoint("agent-commits-undone", session.Number);
        }

        var changed = status.ChangedPaths;
        var deleted = changed.Where(p => !_context.Files.Exists(p)).ToList();
        var tamper = TamperCheck.Inspect(new TamperRules(_context.Layout.Owned, _context.Config.ProtectedTests), changed, deleted);
        if (tamper.OwnedPathsTouched.Count > 0)
        {
            await workspace.RestorePathsAsync(session.BaseCommit, tamper.OwnedPathsTouched, cancellationToken).ConfigureAwait(false);
            _context.Store.Journal("owned-files-restored", session.Number, string.Join(", ", tamper.OwnedPathsTouched));
            _context.Checkpoint("owned-files-restored", session.Number);
        }

        _context.Observer.ChecksStarted(session.Number);
        var folder = Path.Combine(_context.Store.SessionFolder(session.Number), "checks");
        var checks = await RunChecksAsync(folder, cancellationToken).ConfigureAwait(false);
        var totals = Verifier.SumTotals(checks);
        var added = await workspace.AddedLinesAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        var verdict = Verifier.Decide(new VerificationInput(checks, state.Baseline, tamper, agent.PermissionDenials, agent.ClaimsSuccess)
        {
            SecretsFound = SecretScan.Find(added, _context.Secrets(), _context.Config.Secrets),
        });

        var reasons = verdict.Reasons.ToList();
        if (agent.Exit != AgentExit.Exited)
        {
            reasons.Add(agent.Exit switch
            {
                AgentExit.TimedOut => $"the agent was stopped at the session's time limit ({_context.Config.SessionLimits.TimeLimit})",
                AgentExit.TurnLimit => "the agent reached the session's turn limit",
                AgentExit.BudgetExceeded => "the agent passed the session's cost budget",
                AgentExit.StartFailed => "the agent could not be started: " + string.Join("; ", agent.Errors),
                _ => $"the agent ended with {agent.Exit}",
            });
        }

        if (session.PaceFilesTouched.Count > 0)
        {
            reasons.Add($"the agent changed Pace's own files (restored): {string.Join(", ", session.PaceFilesTouched)}");
        }

        if (changed.Except(tamper.OwnedPathsTouched).Any() is false)
        {
            reasons.Add("the agent changed nothing in the project");
        }

        var passed = reasons.Count == 0;
        var now = _context.Clock.GetUtcNow();
        var diff = await workspace.DiffStatsAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        _context.Store.SaveEvidence(new SessionEvidence(
            session.FeatureId, session.Number, _context.Agent.Name, session.BaseCommit, null, checks, state.Baseline, totals, tamper, diff,
            agent.ClaimsSuccess, agent.Exit, agent.ExitCode, agent.CostUsd, agent.Usage, agent.Turns, agent.Duration, agent.TranscriptPath,
            Judged(verdict, passed, reasons, agent.ClaimsSuccess), session.StartedAt, now)
        {
            PermissionDenials = agent.PermissionDenials,
            AgentMessage = agent.FinalMessage,
            AgentSessionId = agent.SessionId,
            AgentErrors = agent.Errors,
            AttemptRef = passed ? null : AttemptRef(session),
        });

        _context.Checkpoint("evidence-written", session.Number);
        session = session with { Phase = SessionPhase.Verified, Passed = passed, Reasons = reasons, VerifiedAt = now, Totals = totals };
        state = state with { Current = session };
        Save(state, "verified", session.Number, passed ? "passed" : string.Join("; ", reasons));
        return (state, session);
    }

    /// <summary>The verifier's verdict with the loop's own reasons added; its notes, totals and the false-claim flag stay.</summary>
    private static Verdict Judged(Verdict verdict, bool passed, IReadOnlyList<string> reasons, bool claimsSuccess)
    {
        var falseClaim = claimsSuccess && !passed;
        var notes = verdict.Notes.ToList();
        if (falseClaim && !verdict.ClaimedSuccessFalsely)
        {
            notes.Add("the agent claimed success falsely");
        }

        return verdict with { Passed = passed, Reasons = reasons, Notes = notes, ClaimedSuccessFalsely = falseClaim };
    }
}
