using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Core.Loop;

/// <summary>
/// A fleet run (docs/fleet.md) arranges the same pieces differently: the coordinator's lanes publish
/// their sessions instead of running them, and a worker runs each one as a lane would, with the same
/// agent run and verification, in a tree of its own. The outcome comes back to the coordinator's lane,
/// which records it through the merge queue like a local lane's.
/// </summary>
public sealed partial class FeatureLoop
{
    /// <summary>
    /// On a worker: session <paramref name="session"/> of <paramref name="run"/> in this loop's tree
    /// (at the session's base): the agent, then Pace's verification. A pass is one commit of the agent's
    /// work (the bookkeeping is the coordinator's merge queue's); a failure is set aside on its attempt
    /// ref; a usage limit leaves nothing judged. Nothing is recorded in the run: the coordinator does that.
    /// </summary>
    public async Task<FleetSessionOutcome> RunFleetSessionAsync(RunState run, SessionState session, string? previousAttempt, CancellationToken cancellationToken)
    {
        _state = run with { Current = null, Lanes = [session], Pause = null, AgentPauses = [] };
        var place = new SessionPlace(_context.Workspace, _context.Files, InLane: true);
        var feature = LoadFeatureList(place.Files).Find(session.FeatureId)
            ?? throw new Diagnostics.InputException($"{_context.Layout.FeatureList}: feature {session.FeatureId} of session {session.Number} is not in the list at {session.BaseCommit[..Math.Min(7, session.BaseCommit.Length)]}");
        var finished = await RunAgentAsync(place, session, feature, setAside: false, cancellationToken, previousAttempt).ConfigureAwait(false);
        var cost = () => State.CostUsd - run.CostUsd;
        if (finished is null)
        {
            var pause = State.Pause ?? State.AgentPauses[^1];
            return new FleetSessionOutcome(session, null, null, null, cost()) { Limit = new UsageLimit(pause.Reason, pause.Until) };
        }

        var verified = await VerifyAsync(place, finished, feature, cancellationToken).ConfigureAwait(false);
        var evidence = _context.Store.LoadEvidence(session.Number);
        if (verified.Passed != true)
        {
            await SetAsideAsync(place, verified, RefNames.Attempts, cancellationToken).ConfigureAwait(false);
            return new FleetSessionOutcome(verified, evidence, null, AttemptRef(verified), cost());
        }

        verified = await LaneCommitAsync(place, verified, feature, cancellationToken).ConfigureAwait(false);
        return new FleetSessionOutcome(verified, CompleteEvidence(evidence, verified, verified.LaneCommit!), verified.LaneCommit, null, cost());
    }

    /// <summary>
    /// On the coordinator: one lane whose session a worker runs. Its outcome is saved as a local
    /// lane's verdict would be (a resumed coordinator asks the fleet again, and gets the same outcome),
    /// then recorded through the merge queue.
    /// </summary>
    private async Task FleetLaneAsync(IFleetSessions fleet, IRunLanes lanes, SessionState session, CancellationToken cancellationToken)
    {
        var place = new SessionPlace(_context.Workspace, _context.Files, InLane: true) { Fleet = true };
        var feature = (await RunListAsync(lanes, cancellationToken).ConfigureAwait(false)).Find(session.FeatureId)
            ?? throw new Diagnostics.InputException($"{_context.Layout.FeatureList}: feature {session.FeatureId} of session {session.Number} is gone from the run's branch; restore it or run 'pace doctor'");
        if (session.Phase != SessionPhase.Verified)
        {
            var outcome = await fleet.RunAsync(new FleetSessionRequest(State, session, _context.Layout.FeatureList, PreviousAttempt(session.FeatureId, session.Number), FleetRunName()), cancellationToken).ConfigureAwait(false);
            if (outcome.Withdrawn)
            {
                // Never run: the session leaves the run uncounted, and the run stops on its budget.
                Update(s => place.Remove(s, session.Number));
                Save("fleet-session-withdrawn", session.Number, "the run's budget was spent before a worker claimed it");
                return;
            }

            _context.Store.Journal("fleet-session-reported", session.Number, $"{outcome.Worker}: {(outcome.Limit is { } l ? "usage limit, " + l.Reason : outcome.Session.Passed == true ? "passed" : "failed")}");

            if (outcome.Limit is { } limit)
            {
                await PauseAsync(place, session, outcome.CostUsd, limit).ConfigureAwait(false);
                return;
            }

            if (outcome.Evidence is { } evidence)
            {
                _context.Store.SaveEvidence(evidence with { AttemptRef = outcome.AttemptRef, RanOn = new Verification.FleetOrigin(outcome.Worker ?? "(unknown)", outcome.TranscriptTail) });
            }

            // The worker's branch was its own: here the session's work is on its lane branch.
            session = outcome.Session with { Phase = SessionPhase.Verified, LaneCommit = outcome.Commit, Branch = session.Branch };
            var verified = session;
            Update(s => place.Put(s, verified) with { CostUsd = s.CostUsd + outcome.CostUsd });
            Save("verified", session.Number, verified.Passed == true ? "passed" : string.Join("; ", verified.Reasons));
        }
        else
        {
            // Verified before this coordinator started (on another host, if it took the run over): its commit is fetched again if missing here.
            await fleet.RestoreAsync(new FleetSessionRequest(State, session, _context.Layout.FeatureList, null, FleetRunName()), cancellationToken).ConfigureAwait(false);
        }

        await RecordLaneAsync(place, session, feature, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's name in the fleet, made and saved before its first session is published (the lanes may ask at once: one name wins).</summary>
    private string FleetRunName()
    {
        if (State.FleetRun is { } named)
        {
            return named;
        }

        var name = Update(s => s.FleetRun is null ? s with { FleetRun = $"{s.RunId}-{Guid.NewGuid().ToString("N")[..8]}" } : s).FleetRun!;
        Save("fleet-run-named", null, name);
        return name;
    }
}
