using Pace.Adapters.Git;
using Pace.Core.Git;
using Pace.Core.Loop;
using Pace.Core.Ports;

namespace Pace.Adapters.Fleet;

/// <summary>
/// The coordinator's side of a fleet run's feature sessions: the session is published through
/// <paramref name="items"/>, and once a worker reports it the outcome's commit is fetched into this
/// repository: onto the session's lane branch (passed, for the merge queue) or its attempt ref
/// (failed), where a local lane would have left it.
/// </summary>
public sealed class FleetSessions(FleetItems items) : IFleetSessions
{
    public async Task<FleetSessionOutcome> RunAsync(FleetSessionRequest request, CancellationToken cancellationToken)
    {
        var run = request.FleetRun;
        var session = request.Session;
        var item = FeatureSessionItem.Name(session.Number);
        var baseRef = FleetItems.BaseRef(run, item);
        var payload = new FeatureSessionPayload(
            items.Remote, baseRef, request.Run with { Attempts = [], Lanes = [], Current = null, FailureStreak = [], RunAlone = [] }, session, request.FeatureList, request.PreviousAttempt);
        var published = new WorkItem(run, item, FeatureSessionItem.Kind, FeatureSessionItem.Serialize(payload)) { Agent = session.AgentName ?? request.Run.Options.Agent };
        if (await items.RunAsync(published, session.BaseCommit, baseRef, request.Run.Options.BudgetUsd, cancellationToken).ConfigureAwait(false) is not { } result)
        {
            return new FleetSessionOutcome(session, null, null, null, 0) { Withdrawn = true };
        }

        var report = FeatureSessionItem.Report(result);
        if (report.Error is { } error || report.Session is not { } reported)
        {
            var reason = $"the fleet's worker {report.Worker ?? "(unknown)"} could not run the session: {report.Error ?? "its report holds no session"}";
            return new FleetSessionOutcome(session with { Phase = SessionPhase.Verified, Passed = false, Reasons = [reason] }, null, null, null, report.CostUsd) { Worker = report.Worker };
        }

        var outcome = new FleetSessionOutcome(reported, report.Evidence, null, null, report.CostUsd)
        {
            Limit = report.Limit, TranscriptPath = report.TranscriptPath, TranscriptTail = report.TranscriptTail, Worker = report.Worker,
        };
        if (report.Limit is not null || report.Commit is not { } commit || report.ResultRef is not { } resultRef)
        {
            return outcome;
        }

        var passed = reported.Passed == true;
        var local = LocalRef(session, passed);
        await items.FetchAsync(resultRef, local, commit, cancellationToken).ConfigureAwait(false);
        return passed ? outcome with { Commit = commit } : outcome with { AttemptRef = local };
    }

    public async Task RestoreAsync(FleetSessionRequest request, CancellationToken cancellationToken)
    {
        var session = request.Session;
        var local = LocalRef(session, session.Passed == true);
        if (await new GitCliRepository(items.RepositoryRoot).ResolveAsync(local, cancellationToken).ConfigureAwait(false) is not null
            || await items.ResultAsync(request.FleetRun, FeatureSessionItem.Name(session.Number), cancellationToken).ConfigureAwait(false) is not { } result)
        {
            return;
        }

        if (FeatureSessionItem.Report(result) is { Commit: { } commit, ResultRef: { } resultRef, Limit: null })
        {
            await items.FetchAsync(resultRef, local, commit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Where a session's outcome goes here: its lane branch (passed, for the merge queue) or its attempt ref.</summary>
    private static string LocalRef(SessionState session, bool passed) =>
        passed ? "refs/heads/" + RefNames.LaneBranch(session.Number) : RefNames.Session(RefNames.Attempts, session.FeatureId, session.Number);
}
