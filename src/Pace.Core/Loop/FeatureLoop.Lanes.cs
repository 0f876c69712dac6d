using Pace.Core.Features;
using Pace.Core.Git;
using Pace.Core.Integration;
using Pace.Core.Ports;
using Pace.Core.Scheduling;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>
/// A run with several agent slots (<see cref="RunOptions.Parallel"/>): up to N sessions at once, each
/// in a lane of its own (a worktree on branch pace/lane/N from the run branch's tip), each judged as in
/// the sequential loop. A passing lane commits the agent's work on its branch, and the merge queue
/// brings it onto the run's branch as one commit with the feature list and progress.txt written
/// there (the queue is their one writer), after the checks pass on the integrated tree. A conflict or
/// a red integrated tree keeps the work on a ref, and the feature runs again alone on the new base
/// (not counted as a failure the first time).
/// </summary>
public sealed partial class FeatureLoop
{
    private async Task<RunSummary> RunLanesAsync(IRunLanes lanes, CancellationToken cancellationToken)
    {
        using var stopLanes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Dictionary<int, (string Feature, Task Work)>();
        try
        {
            // Lanes of sessions the state no longer holds were finished by a run killed before it removed them.
            await lanes.CloseAllExceptAsync(State.Lanes.Select(l => l.Number).ToHashSet(), cancellationToken).ConfigureAwait(false);
            foreach (var lane in State.Lanes)
            {
                running[lane.Number] = (lane.FeatureId, LaneAsync(lanes, lane, setAside: true, stopLanes.Token));
            }

            while (true)
            {
                var list = await RunListAsync(lanes, cancellationToken).ConfigureAwait(false);
                if (running.Count == 0)
                {
                    var (stop, waited) = await StopOrWaitAsync(list, cancellationToken).ConfigureAwait(false);
                    if (waited)
                    {
                        continue;
                    }

                    if (stop is { } reason)
                    {
                        return Finish(list, reason);
                    }
                }

                var busy = running.Values.Select(r => r.Feature).ToHashSet(StringComparer.Ordinal);
                var state = State;
                foreach (var feature in LaneStarts.Choose(list, id => StuckRules.IsStuck(state, id), busy, state.RunAlone.ToHashSet(StringComparer.Ordinal), FreeSlots(state, running.Count)))
                {
                    var session = await StartLaneAsync(lanes, feature, list, cancellationToken).ConfigureAwait(false);
                    running[session.Number] = (feature.Id.Value, LaneAsync(lanes, session, setAside: false, stopLanes.Token));
                }

                if (running.Count == 0)
                {
                    continue;
                }

                await Task.WhenAny(running.Values.Select(r => r.Work)).ConfigureAwait(false);
                foreach (var number in running.Where(r => r.Value.Work.IsCompleted).Select(r => r.Key).ToList())
                {
                    // A lane that failed throws here; the others are stopped below.
                    running.Remove(number, out var finished);
                    await finished.Work.ConfigureAwait(false);
                }
            }
        }
        catch
        {
            // Ctrl-C, or a lane that failed: the others stop too (each keeps its work on a ref) before the run ends.
            await stopLanes.CancelAsync().ConfigureAwait(false);
            foreach (var (_, work) in running.Values)
            {
                try
                {
                    await work.ConfigureAwait(false);
                }
                catch (Exception) when (stopLanes.IsCancellationRequested)
                {
                    // Its own interruption, or the same failure: the first one is what the run reports.
                }
            }

            throw;
        }
    }

    /// <summary>How many lanes may start now: the free slots, within the sessions left and while no stop condition holds.</summary>
    private static int FreeSlots(RunState state, int running)
    {
        if (state.Pause is not null || StuckRules.TooManyFailures(state) || state.Options.BudgetUsd is { } budget && state.CostUsd >= budget)
        {
            return 0;
        }

        var free = state.Options.Parallel - running;
        return state.Options.MaxSessions is { } max ? Math.Min(free, max - state.SessionsRun - running) : free;
    }

    /// <summary>The feature list as the run's branch has it (the lanes' and the queue's trees may be anywhere in between).</summary>
    private async Task<FeatureList> RunListAsync(IRunLanes lanes, CancellationToken cancellationToken) =>
        ParseFeatureList(await lanes.ReadAsync(_context.Layout.FeatureList, cancellationToken).ConfigureAwait(false), _context.Files.Root, " on the run's branch");

    private async Task<SessionState> StartLaneAsync(IRunLanes lanes, Feature feature, FeatureList list, CancellationToken cancellationToken)
    {
        var number = State.LastSession + 1;
        var agent = ChooseAgent(number);
        var start = await lanes.TipAsync(cancellationToken).ConfigureAwait(false);
        var session = new SessionState(number, feature.Id.Value, start, _context.Clock.GetUtcNow(), SessionPhase.Started)
        {
            Branch = RefNames.LaneBranch(number),
            AgentName = agent,
            Baseline = State.Baseline,
        };
        Update(s => s with { LastSession = number, Lanes = [.. s.Lanes, session] });
        Save("session-started", number, feature.Id.Value);
        _context.Observer.SessionStarted(number, feature, list.Progress);
        return session;
    }

    /// <summary>One lane from wherever its session was saved to its end; then its worktree and branch go.</summary>
    private async Task LaneAsync(IRunLanes lanes, SessionState session, bool setAside, CancellationToken cancellationToken)
    {
        // Off the scheduler's thread: the lanes run at once.
        await Task.Yield();
        if (_context.Fleet is { } fleet)
        {
            await FleetLaneAsync(fleet, lanes, session, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var place = await lanes.OpenAsync(session.Number, session.BaseCommit, cancellationToken).ConfigureAwait(false);
            await FinishSessionAsync(place, session, cancellationToken, setAside).ConfigureAwait(false);
        }

        await lanes.CloseAsync(session.Number, CancellationToken.None).ConfigureAwait(false);
        _context.Checkpoint("lane-closed", session.Number);
    }

    /// <summary>
    /// Fail: the attempt on a ref. Pass: the agent's work committed on the lane's branch (found again
    /// after a crash by its trailer), then through the merge queue onto the run's branch.
    /// </summary>
    private async Task RecordLaneAsync(SessionPlace place, SessionState session, Feature feature, CancellationToken cancellationToken)
    {
        var evidence = _context.Store.LoadEvidence(session.Number);
        if (session.Passed != true)
        {
            await SetAsideAsync(place, session, RefNames.Attempts, cancellationToken).ConfigureAwait(false);
            _context.Store.Journal("attempt-saved", session.Number, AttemptRef(session));
            _context.Checkpoint("attempt-saved", session.Number);
            Recorded(place, session, feature, false, session.Reasons, evidence, null);
            return;
        }

        var message = ProgressLog.CommitMessage(feature, State.RunId, session.Number);
        session = await LaneCommitAsync(place, session, feature, cancellationToken).ConfigureAwait(false);

        var lanes = _context.Lanes!;
        TestTotals? integratedTotals = null;
        var verified = session;
        var item = new IntegrationItem(
            $"session {session.Number} ({feature.Id.Value})",
            session.LaneCommit!,
            message,
            IntegrationStyle.Squash,
            RefNames.Session(RefNames.Kept, feature.Id.Value, session.Number),
            async (root, token) =>
            {
                (var reasons, integratedTotals) = await IntegratedChecksAsync(lanes, verified, feature, root, token).ConfigureAwait(false);
                return reasons;
            })
        {
            BeforeCommit = (_, _) =>
            {
                WriteBookkeeping(_context.Files, verified, feature);
                return Task.CompletedTask;
            },
        };
        var outcome = await lanes.IntegrateAsync(item, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint("integrated", session.Number);
        var commit = outcome switch
        {
            IntegrationOutcome.Integrated integrated => integrated.Commit,
            IntegrationOutcome.AlreadyIntegrated already => already.Commit,
            _ => null,
        };
        if (commit is not null)
        {
            evidence = CompleteEvidence(evidence, session, commit);
            Recorded(place, session with { Totals = integratedTotals ?? session.Totals }, feature, true, session.Reasons, evidence, commit);
            return;
        }

        switch (outcome)
        {
            case IntegrationOutcome.Conflicted conflict:
                NotIntegrated(place, session, feature, evidence, conflict.KeptRef,
                    [$"its work conflicts with the run's branch, which took other features' work meanwhile ({string.Join(", ", conflict.Paths)}); kept on {conflict.KeptRef}, the feature runs again alone from the new base"]);
                return;
            case IntegrationOutcome.Red red:
                NotIntegrated(place, session, feature, evidence, red.KeptRef,
                    [.. red.Reasons.Select(r => $"with the other features' work on the run's branch: {r}"), $"kept on {red.KeptRef}; the run's branch did not take it, the feature runs again alone from the new base"]);
                return;
        }
    }

    /// <summary>The agent's verified work as one commit on the lane's branch (found again after a crash by its trailer), without the bookkeeping.</summary>
    private async Task<SessionState> LaneCommitAsync(SessionPlace place, SessionState session, Feature feature, CancellationToken cancellationToken)
    {
        if (session.LaneCommit is not null)
        {
            return session;
        }

        var found = await place.Workspace.FindCommitAsync(session.BaseCommit, ProgressLog.Trailer(State.RunId, session.Number), cancellationToken).ConfigureAwait(false);
        var sha = found?.Sha ?? await place.Workspace.CommitAllAsync(ProgressLog.CommitMessage(feature, State.RunId, session.Number), cancellationToken).ConfigureAwait(false);
        session = session with { LaneCommit = sha };
        var committed = session;
        Update(s => place.Put(s, committed));
        Save("lane-committed", session.Number, sha);
        return session;
    }

    /// <summary>
    /// A passing session the run's branch could not take: not integrated, with the reason in its
    /// evidence. The first time it is not the agent's failure: the feature runs again alone on the new
    /// base (<see cref="LaneStarts"/>). Refused again, it counts as a failed session.
    /// </summary>
    private void NotIntegrated(SessionPlace place, SessionState session, Feature feature, SessionEvidence? evidence, string keptRef, IReadOnlyList<string> reasons)
    {
        if (evidence is not null)
        {
            evidence = evidence with { Verdict = new Verdict(false, [.. evidence.Verdict.Reasons, .. reasons]), AttemptRef = keptRef };
            _context.Store.SaveEvidence(evidence);
        }

        _context.Store.Journal("integration-refused", session.Number, string.Join("; ", reasons));
        var again = State.RunAlone.Contains(feature.Id.Value);
        Recorded(place, session with { Passed = false, Reasons = reasons }, feature, false, reasons, evidence, null, countsAsFailure: again);
    }

    /// <summary>
    /// The checks on the integrated tree: none when the run's branch has not moved since the lane
    /// started (the tree is the verified one plus the bookkeeping); otherwise the project's checks, the
    /// feature's own and the passing features' (capped), with the project's test totals not below the
    /// run's baseline (<see cref="VerifiedSession.CheckJoinedAsync"/>, as a spec's merges).
    /// </summary>
    private async Task<(IReadOnlyList<string> Reasons, TestTotals? Totals)> IntegratedChecksAsync(IRunLanes lanes, SessionState session, Feature feature, string root, CancellationToken cancellationToken)
    {
        if (await lanes.TipAsync(cancellationToken).ConfigureAwait(false) == session.BaseCommit)
        {
            return ([], null);
        }

        var result = await Verified.CheckJoinedAsync(
            _context.Config.Checks, [.. VerifiedSession.Acceptance(feature.Verify), .. RegressionChecks(Here, feature, session.Number)],
            root, Path.Combine(_context.Store.SessionFolder(session.Number), "integrated"), State.Baseline, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint("integrated-checks-run", session.Number);
        return result;
    }
}
