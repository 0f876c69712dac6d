using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    private async Task StartSessionAsync(FeatureList list, CancellationToken cancellationToken)
    {
        var feature = StuckRules.NextWorkable(list, State)!;
        var number = State.LastSession + 1;
        // Right after this process committed the previous session, the tree is that commit and clean:
        // nothing to ask git, nothing to set aside.
        var committed = _lastCommit;
        _lastCommit = null;
        var head = committed?.Commit ?? await _context.Workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        var branch = committed is { Branch: { } onBranch } ? onBranch : await _context.Workspace.CurrentBranchAsync(cancellationToken).ConfigureAwait(false);
        var agent = ChooseAgent(number);
        var session = new SessionState(number, feature.Id.Value, head, _context.Clock.GetUtcNow(), SessionPhase.Started) { Branch = branch, AgentName = agent };
        Update(s => s with { LastSession = number, Current = session });
        Save("session-started", number, feature.Id.Value);
        _context.Observer.SessionStarted(number, feature, list.Progress);
        await FinishSessionAsync(Here, session, cancellationToken, setAside: committed is null).ConfigureAwait(false);
    }

    /// <summary>Takes a session from whatever phase it was saved in to its end; each phase is safe to repeat.</summary>
    private async Task FinishSessionAsync(SessionPlace place, SessionState session, CancellationToken cancellationToken, bool setAside = true)
    {
        var feature = LoadFeatureList(place.Files).Find(session.FeatureId)
            ?? throw new Diagnostics.InputException($"{_context.Layout.FeatureList}: feature {session.FeatureId} of session {session.Number} is gone; restore it or run 'pace doctor'");

        // A commit of this session can exist only if an earlier run got as far as recording it.
        var recordedBefore = session.Phase == SessionPhase.Verified;
        if (session.Phase == SessionPhase.Started)
        {
            if (await RunAgentAsync(place, session, feature, setAside, cancellationToken).ConfigureAwait(false) is not { } finished)
            {
                // Paused for a usage limit: no verification, no attempt.
                return;
            }

            session = finished;
        }

        if (session.Phase == SessionPhase.AgentFinished)
        {
            if (session.SetAsideRef is { } waiting)
            {
                session = await BringBackAsync(place, session, waiting, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                session = await VerifyAsync(place, session, feature, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await SetAsideUnverifiedAsync(place, session).ConfigureAwait(false);
                throw;
            }
        }

        if (place.InLane)
        {
            await RecordLaneAsync(place, session, feature, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RecordAsync(session, feature, recordedBefore, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the agent; the session as it finished, or null when a usage limit paused it.</summary>
    /// <param name="previousAttempt">What the prompt says of the feature's previous failed session; null: read from this run's evidence.</param>
    private async Task<SessionState?> RunAgentAsync(SessionPlace place, SessionState session, Feature feature, bool setAside, CancellationToken cancellationToken, string? previousAttempt = null)
    {
        var workspace = place.Workspace;
        // A session that starts again after a crash first puts aside what the interrupted attempt left.
        if (setAside)
        {
            await SetAsideAsync(place, session, RefNames.Interrupted, cancellationToken).ConfigureAwait(false);
        }

        var folder = _context.Store.NewSessionFolder(session.Number);
        var progressText = place.Files.Read(_context.Layout.Progress) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        var commits = await workspace.LogAsync(10, cancellationToken).ConfigureAwait(false);
        var prompt = PromptBuilder.Build(_context.Config.PromptTemplate, feature, progressText, commits, [.. _context.Config.Checks, .. VerifiedSession.Acceptance(feature.Verify)], previousAttempt ?? PreviousAttempt(feature.Id.Value, session.Number));
        var request = new AgentRequest(workspace.Root, prompt, Path.Combine(folder, "transcript.jsonl"), SessionLimits());
        session = await AcceptanceOnBaseAsync(workspace, session, feature, folder, cancellationToken).ConfigureAwait(false);
        var ownFiles = _context.Store.CaptureOwnFiles();
        var result = await AgentOf(session).RunAsync(request, e => _context.Observer.AgentEvent(session.Number, e), cancellationToken).ConfigureAwait(false);
        var touched = _context.Store.RestoreOwnFiles(ownFiles);
        if (touched.Count > 0)
        {
            _context.Store.Journal("pace-files-restored", session.Number, string.Join(", ", touched));
        }

        if (result.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the agent is dead; keep its partial work on a ref, give the user back the tree as it was.
            await SetAsideAsync(place, session, RefNames.Interrupted, CancellationToken.None).ConfigureAwait(false);
            _context.Store.Journal("session-interrupted", session.Number);
            throw new OperationCanceledException(cancellationToken);
        }

        _context.Checkpoint("agent-exited", session.Number);
        if (result.LimitWarning is { } warning)
        {
            _context.Store.Journal("usage-warning", session.Number, warning.ResetsAt is { } at ? $"{warning.Reason}, resets {at:O}" : warning.Reason);
        }

        if (result.Limit is { } limit)
        {
            await PauseAsync(place, session, result.CostUsd, limit).ConfigureAwait(false);
            return null;
        }

        session = session with { Phase = SessionPhase.AgentFinished, Agent = result, PaceFilesTouched = touched };
        var finished = session;
        Update(s => place.Put(s, finished) with { CostUsd = s.CostUsd + (result.CostUsd ?? 0) });
        Save("agent-finished", session.Number, $"{result.Exit} exit={result.ExitCode} claims={(result.ClaimsSuccess ? "success" : "failure")}");
        return session;
    }

    /// <summary>
    /// The session's limits within what the run's budget has left; with several slots each session
    /// may spend its share of it, so the sessions running at once cannot pass the budget together.
    /// </summary>
    private AgentLimits SessionLimits()
    {
        var limits = _context.Config.SessionLimits;
        var state = State;
        if (state.Options.BudgetUsd is { } runBudget)
        {
            var left = Math.Max(0, runBudget - state.CostUsd) / Math.Max(1, state.Options.Parallel);
            limits = limits with { CostBudgetUsd = limits.CostBudgetUsd is { } own ? Math.Min(own, left) : left };
        }

        return limits;
    }

    /// <summary>Stores whatever differs from the session's base on a ref and puts the tree back at the base.</summary>
    private async Task SetAsideAsync(SessionPlace place, SessionState session, string kind, CancellationToken cancellationToken)
    {
        if (place.Fleet)
        {
            // The worker kept its tree's work; the coordinator has none of it.
            return;
        }

        var workspace = place.Workspace;
        var status = await workspace.StatusAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        var head = await ReturnToBranchAsync(workspace, session, status, cancellationToken).ConfigureAwait(false);
        if (head == session.BaseCommit && status.ChangedPaths.Count == 0)
        {
            return;
        }

        var refName = RefNames.Session(kind, session.FeatureId, session.Number);
        await workspace.SnapshotAsync(session.BaseCommit, refName, $"pace: {kind} session {session.Number} of {session.FeatureId}", cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"{kind}-snapshot-saved", session.Number);
        await workspace.ResetAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        _context.Checkpoint($"{kind}-tree-reset", session.Number);
    }

    /// <summary>
    /// A signal during verification: the work goes on a ref (saved in the state before the tree is
    /// touched) and the tree back to the base, as the user expects of Ctrl-C. Nothing is lost: the
    /// resume brings the work back and verifies it again. A kill -9 leaves the tree as it is instead,
    /// and the resume verifies that.
    /// </summary>
    private async Task SetAsideUnverifiedAsync(SessionPlace place, SessionState session)
    {
        var workspace = place.Workspace;
        var status = await workspace.StatusAsync(session.BaseCommit, CancellationToken.None).ConfigureAwait(false);
        await ReturnToBranchAsync(workspace, session, status, CancellationToken.None).ConfigureAwait(false);
        var refName = RefNames.Session(RefNames.Unverified, session.FeatureId, session.Number);
        if (await workspace.SnapshotAsync(session.BaseCommit, refName, $"pace: unverified session {session.Number} of {session.FeatureId}", CancellationToken.None).ConfigureAwait(false) is null)
        {
            return;
        }

        Update(s => place.Put(s, session with { SetAsideRef = refName }));
        Save("verification-interrupted", session.Number, refName);
        await workspace.ResetAsync(session.BaseCommit, CancellationToken.None).ConfigureAwait(false);
        _context.Checkpoint("unverified-tree-reset", session.Number);
    }

    /// <summary>Puts the work of an interrupted verification back in the tree (safe to repeat until the state says it is back).</summary>
    private async Task<SessionState> BringBackAsync(SessionPlace place, SessionState session, string refName, CancellationToken cancellationToken)
    {
        await place.Workspace.RestorePathsAsync(refName, ["."], cancellationToken).ConfigureAwait(false);
        session = session with { SetAsideRef = null };
        var back = session;
        Update(s => place.Put(s, back));
        Save("unverified-work-restored", session.Number, refName);
        return session;
    }

    /// <summary>
    /// An agent that checked out another branch (or detached HEAD) is undone first: the session ends on
    /// the branch it started on. Returns HEAD as it is then. (The changed paths of the status still hold:
    /// they compare the base with the files, which moving HEAD does not touch.)
    /// </summary>
    private async Task<string> ReturnToBranchAsync(Ports.IWorkspace workspace, SessionState session, WorkspaceStatus status, CancellationToken cancellationToken)
    {
        if (session.Branch is not { } branch || status.Branch == branch)
        {
            return status.Head;
        }

        await workspace.AttachAsync(branch, cancellationToken).ConfigureAwait(false);
        _context.Store.Journal("branch-restored", session.Number, $"the agent left HEAD on {status.Branch ?? "a detached commit"}; back on {branch}");
        return await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string AttemptRef(SessionState session) => RefNames.Session(RefNames.Attempts, session.FeatureId, session.Number);
}
