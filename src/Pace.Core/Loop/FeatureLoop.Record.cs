using System.Text;
using Pace.Core.Features;
using Pace.Core.Git;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    /// <summary>Pass: one commit with the agent's work and the bookkeeping. Fail: the attempt on a ref, the tree back at the base.</summary>
    private async Task RecordAsync(SessionState session, Feature feature, bool recordedBefore, CancellationToken cancellationToken)
    {
        var passed = session.Passed == true;
        string? commit = null;
        var evidence = _context.Store.LoadEvidence(session.Number);
        if (passed)
        {
            commit = await CommitAsync(session, feature, recordedBefore, cancellationToken).ConfigureAwait(false);
            evidence = CompleteEvidence(evidence, session, commit);
        }
        else
        {
            await SetAsideAsync(Here, session, RefNames.Attempts, cancellationToken).ConfigureAwait(false);
            _context.Store.Journal("attempt-saved", session.Number, AttemptRef(session));
            _context.Checkpoint("attempt-saved", session.Number);
        }

        Recorded(Here, session, feature, passed, session.Reasons, evidence, commit);
    }

    /// <summary>The evidence of a passing session with the commit that holds its work.</summary>
    private Verification.SessionEvidence? CompleteEvidence(Verification.SessionEvidence? evidence, SessionState session, string commit)
    {
        if (evidence is null)
        {
            return null;
        }

        evidence = evidence with { ResultCommit = commit };
        _context.Store.SaveEvidence(evidence);
        _context.Checkpoint("evidence-completed", session.Number);
        return evidence;
    }

    /// <summary>
    /// The session's outcome in the run's counts and the feature's attempts; the session leaves the
    /// state. A parallel run's result that its branch refused for the first time is no failure of the
    /// feature (<paramref name="countsAsFailure"/> false): its next session runs alone.
    /// </summary>
    private void Recorded(SessionPlace place, SessionState session, Feature feature, bool passed, IReadOnlyList<string> reasons, Verification.SessionEvidence? evidence, string? commit, bool countsAsFailure = true)
    {
        var wasStuck = StuckRules.IsStuck(State, session.FeatureId);
        var state = Update(s =>
        {
            var counted = place.Remove(s, session.Number) with
            {
                SessionsRun = s.SessionsRun + 1,
                FeaturesCompleted = s.FeaturesCompleted + (passed ? 1 : 0),
                ConsecutiveFailures = passed ? 0 : countsAsFailure ? s.ConsecutiveFailures + 1 : s.ConsecutiveFailures,
                PausesInARow = 0,
                Baseline = passed && session.Totals is not null ? session.Totals : s.Baseline,
                RunAlone = countsAsFailure ? [.. s.RunAlone.Where(id => id != session.FeatureId)] : [.. s.RunAlone.Where(id => id != session.FeatureId), session.FeatureId],
            };
            return countsAsFailure ? StuckRules.Recorded(counted, session.FeatureId, passed, reasons, evidence) : counted;
        });
        Save("session-finished", session.Number, passed ? commit : "failed", beforeNextStep: !place.InLane);
        _context.Observer.SessionFinished(session.Number, feature, passed, evidence, commit, state);
        if (!wasStuck && state.Attempts.FirstOrDefault(a => a.FeatureId == session.FeatureId) is { Stuck: true } stuck)
        {
            _context.Store.Journal("feature-stuck", session.Number, $"{stuck.FeatureId} after {stuck.Failures} failed sessions");
            _context.Observer.FeatureStuck(stuck);
        }
    }

    private async Task<string> CommitAsync(SessionState session, Feature feature, bool recordedBefore, CancellationToken cancellationToken)
    {
        var workspace = _context.Workspace;
        var runId = State.RunId;
        var trailer = ProgressLog.Trailer(runId, session.Number);
        if (recordedBefore && await workspace.FindCommitAsync(session.BaseCommit, trailer, cancellationToken).ConfigureAwait(false) is { } done)
        {
            return done.Sha;
        }

        // Start the bookkeeping from the base versions, so a redo after a crash writes the same bytes once.
        var layout = _context.Layout;
        await workspace.RestorePathsAsync(session.BaseCommit, [layout.FeatureList, layout.Progress], cancellationToken).ConfigureAwait(false);
        WriteBookkeeping(_context.Files, session, feature);

        var sha = await workspace.CommitAllAsync(ProgressLog.CommitMessage(feature, runId, session.Number), cancellationToken).ConfigureAwait(false);
        _lastCommit = (sha, session.Branch);
        _context.Checkpoint("commit-made", session.Number);
        Save("committed", session.Number, sha);
        return sha;
    }

    /// <summary>
    /// Marks the feature passing in the feature list of <paramref name="files"/> and adds its entry to
    /// progress.txt, both stamped with the verdict's time, so a redo from the same files writes the same bytes.
    /// </summary>
    private void WriteBookkeeping(Ports.IProjectFiles files, SessionState session, Feature feature)
    {
        var layout = _context.Layout;
        var at = session.VerifiedAt ?? _context.Clock.GetUtcNow();
        var list = LoadFeatureList(files);
        var updated = FeatureListEditor.SetPasses(list, new Dictionary<FeatureId, bool> { [feature.Id] = true }, at);
        files.Write(layout.FeatureList, updated, keepBackup: true, verbatim: true);
        _context.Checkpoint("feature-list-written", session.Number);

        // Counted from the list as the base has it: the feature read before this redo may already carry the crashed attempt's mark.
        var wasPassing = list.Find(feature.Id.Value)?.Passes ?? false;
        var progress = list.Progress with { Passing = list.Progress.Passing + (wasPassing ? 0 : 1), Failing = list.Progress.Failing - (wasPassing ? 0 : 1) };
        var old = files.Read(layout.Progress) ?? [];
        var entry = ProgressLog.Entry(session.Number, feature, at, AgentOf(session).Name, Actions(session), progress);
        var separator = old.Length > 0 && old[^1] != (byte)'\n' ? "\n" : "";
        files.Write(layout.Progress, [.. old, .. Encoding.UTF8.GetBytes(separator + entry)]);
        _context.Checkpoint("progress-written", session.Number);
    }

    private static string Actions(SessionState session)
    {
        var agent = session.Agent;
        var message = agent?.FinalMessage?.ReplaceLineEndings(" ").Trim();
        if (message is { Length: > 200 })
        {
            message = message[..200] + "...";
        }

        var totals = session.Totals is { } t ? $"; Pace verified: {t.Passed} tests passed, {t.Failed} failed" : "; Pace verified the checks";
        return (string.IsNullOrEmpty(message) ? "Implemented by the agent" : message) + totals;
    }
}
