using Pace.Core.Agents;
using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Core.Ports;

/// <summary>
/// A fleet run's sessions (docs/fleet.md): each one is published as a work item, a worker runs and
/// verifies it, and its commit comes back into this repository, on the lane branch of its number
/// (passed) or on its attempt ref (failed). Safe to ask again for the same session: it is published
/// once, and an outcome already reported is returned at once.
/// </summary>
public interface IFleetSessions
{
    Task<FleetSessionOutcome> RunAsync(FleetSessionRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// A session the run has recorded as verified, whose commit may not be in this repository (the
    /// run was taken over from a coordinator on another host): fetched again onto its lane branch or
    /// attempt ref when it is missing there.
    /// </summary>
    Task RestoreAsync(FleetSessionRequest request, CancellationToken cancellationToken);
}

/// <param name="Run">The run as the coordinator has it (its options, baseline, cost so far).</param>
/// <param name="Session">The session as started: its number, feature, base commit and agent.</param>
/// <param name="FeatureList">The feature list's path, relative to the repository root.</param>
/// <param name="PreviousAttempt">What the prompt says of the feature's previous failed session (the evidence is the coordinator's).</param>
/// <param name="FleetRun">The run's name in the fleet (<see cref="RunState.FleetRun"/>).</param>
public sealed record FleetSessionRequest(RunState Run, SessionState Session, string FeatureList, string? PreviousAttempt, string FleetRun);

/// <summary>
/// What a worker's session ended with. <paramref name="Session"/> is verified (its verdict, its agent's
/// result) unless <see cref="Limit"/> says a usage window stopped it first; <paramref name="Commit"/> is
/// the agent's work as one commit (passed), <paramref name="AttemptRef"/> the failed attempt's ref here.
/// </summary>
public sealed record FleetSessionOutcome(SessionState Session, SessionEvidence? Evidence, string? Commit, string? AttemptRef, decimal CostUsd)
{
    /// <summary>The agent met a usage limit: nothing was judged, and the run pauses as for a local session.</summary>
    public UsageLimit? Limit { get; init; }

    /// <summary>Where the worker keeps the transcript (on its own host), and the end of it, for a person looking into the session.</summary>
    public string? TranscriptPath { get; init; }

    public string? TranscriptTail { get; init; }

    /// <summary>No worker ran it: the run's budget was spent before one claimed it, and it was taken back (<see cref="Session"/> is as started).</summary>
    public bool Withdrawn { get; init; }

    /// <summary>The worker that ran it.</summary>
    public string? Worker { get; init; }
}
