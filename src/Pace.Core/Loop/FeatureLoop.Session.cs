using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    private async Task<RunState> StartSessionAsync(RunState state, FeatureList list, CancellationToken cancellationToken)
    {
        var feature = StuckRules.NextWorkable(list, state)!;
        var number = state.LastSession + 1;
        // Right after this process committed the previous session, the tree is that commit and clean:
        // nothing to ask git, nothing to set aside.
        var committed = _lastCommit;
        _lastCommit = null;
        var head = committed?.Commit ?? await _context.Workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        var branch = committed is { Branch: { } onBranch } ? onBranch : await _context.Workspace.CurrentBranchAsync(cancellationToken).ConfigureAwait(false);
        (state, var agent) = ChooseAgent(state, number);
        var session = new SessionState(number, feature.Id.Value, head, _context.Clock.GetUtcNow(), SessionPhase.Started) { Branch = branch, AgentName = agent };
        state = state with { LastSession = number, Current = session };
        Save(state, "session-started", number, feature.Id.Value);
        _context.Observer.SessionStarted(number, feature, list.Progress);
        return await FinishSessionAsync(state, session, cancellationToken, setAside: committed is null).ConfigureAwait(false);
    }

    /// <summary>Takes a session from whatever phase it was saved in to its end; each phase is safe to repeat.</summary>
    private async Task<RunState> FinishSessionAsync(RunState state, SessionState session, CancellationToken cancellationToken, bool setAside = true)
    {
        var feature = LoadFeatureList().Find(session.FeatureId)
            ?? throw new Diagnostics.InputException($"{_context.Layout.FeatureList}: feature {session.FeatureId} of session {session.Number} is gone; restore it or run 'pace doctor'");

        // A commit of this session can exist only if an earlier run got as far as recording it.
        var recordedBefore = session.Phase == SessionPhase.Verified;
        if (session.Phase == SessionPhase.Started)
        {
            (state, session) = await RunAgentAsync(state, session, feature, setAside, cancellationToken).ConfigureAwait(false);
            if (state.Current is null)
            {
                // Paused for a usage limit: no verification, no attempt.
                return state;
            }
        }

        if (session.Phase == SessionPhase.AgentFinished)
        {
            if (session.SetAsideRef is { } waiting)
            {
                (state, session) = await BringBackAsync(state, session, waiting, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                (state, session) = await VerifyAsync(state, session, feature, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await SetAsideUnverifiedAsync(state, session).ConfigureAwait(false);
                throw;
            }
        }

        return await RecordAsync(state, session, feature, recordedBefore, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(RunState, SessionState)> RunAgentAsync(RunState state, SessionState session, Feature feature, bool setAside, CancellationToken cancellationToken)
    {
        // A session that starts again after a crash first puts aside what the interrupted attempt left.
        if (setAside)
        {
            await SetAsideAsync(session, RefNames.Interrupted, cancellationToken).ConfigureAwait(false);
        }

        var folder = _context.Store.NewSessionFolder(session.Number);
        var progressText = _context.Files.Read(_context.Layout.Progress) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
        var commits = await _context.Workspace.LogAsync(10, cancellationToken).ConfigureAwait(false);
        var prompt = PromptBuilder.Build(_context.Config.PromptTemplate, feature, progressText, commits, [.. _context.Config.Checks, .. VerifiedSession.Acceptance(feature.Verify)], PreviousAttempt(feature.Id.Value, session.Number));
        var limits = _context.Config.SessionLimits;
        if (state.Options.BudgetUsd is { } runBudget)
        {
            var left = Math.Max(0, runBudget - state.CostUsd);
            limits = limits with { CostBudgetUsd = limits.CostBudgetUsd is { } own ? Math.Min(own, left) : left };
        }

        var request = new AgentRequest(_context.Workspace.Root, prompt, Path.Combine(folder, "transcript.jsonl"), limits);
        session = await AcceptanceOnBaseAsync(session, feature, folder, cancellationToken).ConfigureAwait(false);
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
            await SetAsideAsync(session, RefNames.Interrupted, CancellationToken.None).ConfigureAwait(false);
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
            return (await PauseAsync(state, session, result, limit).ConfigureAwait(false), session);
        }

        session = session with { Phase = SessionPhase.AgentFinished, Agent = result, PaceFilesTouched = touched };
        state = state with { Current = session, CostUsd = state.CostUsd + (result.CostUsd ?? 0) };
        Save(state, "agent-finished", session.Number, $"{result.Exit} exit={result.ExitCode} claims={(result.ClaimsSuccess ? "success" : "failure")}");
        return (state, session);
    }

    /// <summary>Stores whatever differs from the session's base on a ref and puts the tree back at the base.</summary>
    private async Task SetAsideAsync(SessionState session, string kind, CancellationToken cancellationToken)
    {
        var workspace = _context.Workspace;
        var status = await workspace.StatusAsync(session.BaseCommit, cancellationToken).ConfigureAwait(false);
        var head = await ReturnToBranchAsync(session, status, cancellationToken).ConfigureAwait(false);
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
    private async Task SetAsideUnverifiedAsync(RunState state, SessionState session)
    {
        var workspace = _context.Workspace;
        var status = await workspace.StatusAsync(session.BaseCommit, CancellationToken.None).ConfigureAwait(false);
        await ReturnToBranchAsync(session, status, CancellationToken.None).ConfigureAwait(false);
        var refName = RefNames.Session(RefNames.Unverified, session.FeatureId, session.Number);
        if (await workspace.SnapshotAsync(session.BaseCommit, refName, $"pace: unverified session {session.Number} of {session.FeatureId}", CancellationToken.None).ConfigureAwait(false) is null)
        {
            return;
        }

        Save(state with { Current = session with { SetAsideRef = refName } }, "verification-interrupted", session.Number, refName);
        await workspace.ResetAsync(session.BaseCommit, CancellationToken.None).ConfigureAwait(false);
        _context.Checkpoint("unverified-tree-reset", session.Number);
    }

    /// <summary>Puts the work of an interrupted verification back in the tree (safe to repeat until the state says it is back).</summary>
    private async Task<(RunState, SessionState)> BringBackAsync(RunState state, SessionState session, string refName, CancellationToken cancellationToken)
    {
        await _context.Workspace.RestorePathsAsync(refName, ["."], cancellationToken).ConfigureAwait(false);
        session = session with { SetAsideRef = null };
        state = state with { Current = session };
        Save(state, "unverified-work-restored", session.Number, refName);
        return (state, session);
    }

    /// <summary>
    /// An agent that checked out another branch (or detached HEAD) is undone first: the session ends on
    /// the branch it started on. Returns HEAD as it is then. (The changed paths of the status still hold:
    /// they compare the base with the files, which moving HEAD does not touch.)
    /// </summary>
    private async Task<string> ReturnToBranchAsync(SessionState session, WorkspaceStatus status, CancellationToken cancellationToken)
    {
        if (session.Branch is not { } branch || status.Branch == branch)
        {
            return status.Head;
        }

        await _context.Workspace.AttachAsync(branch, cancellationToken).ConfigureAwait(false);
        _context.Store.Journal("branch-restored", session.Number, $"the agent left HEAD on {status.Branch ?? "a detached commit"}; back on {branch}");
        return await _context.Workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the state (unless <paramref name="beforeNextStep"/>) and journals the step. A step followed
    /// by no side effect of its own (session-finished: the next is the next session's start or the run's
    /// end, each a save) leaves the write to that save: one flush to disk less. Killed in between, the
    /// file still holds the session as verified, and a resume redoes its recording, which finds the commit.
    /// </summary>
    private void Save(RunState state, string step, int? session, string? detail = null, bool beforeNextStep = false)
    {
        if (!beforeNextStep)
        {
            WriteState(state);
        }

        _context.Store.Journal(step, session, detail);
        _context.Checkpoint(step, session);
    }

    private void WriteState(RunState state)
    {
        // A step that changed nothing in the state (committed) needs no rewrite: the file holds it already.
        if (!ReferenceEquals(state, _saved))
        {
            _context.Store.Save(state);
            _saved = state;
        }
    }

    private static string AttemptRef(SessionState session) => RefNames.Session(RefNames.Attempts, session.FeatureId, session.Number);

}
