using System.Text;
using Pace.Core.Features;
using Pace.Core.Git;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    /// <summary>Pass: one commit with the agent's work and the bookkeeping. Fail: the attempt on a ref, the tree back at the base.</summary>
    private async Task<RunState> RecordAsync(RunState state, SessionState session, Feature feature, bool recordedBefore, CancellationToken cancellationToken)
    {
        var passed = session.Passed == true;
        string? commit = null;
        var evidence = _context.Store.LoadEvidence(session.Number);
        if (passed)
        {
            commit = await CommitAsync(state, session, feature, recordedBefore, cancellationToken).ConfigureAwait(false);
            if (evidence is not null)
            {
                evidence = evidence with { ResultCommit = commit };
                _context.Store.SaveEvidence(evidence);
                _context.Checkpoint("evidence-completed", session.Number);
            }
        }
        else
        {
            await SetAsideAsync(session, RefNames.Attempts, cancellationToken).ConfigureAwait(false);
            _context.Store.Journal("attempt-saved", session.Number, AttemptRef(session));
            _context.Checkpoint("attempt-saved", session.Number);
        }

        state = state with
        {
            Current = null,
            SessionsRun = state.SessionsRun + 1,
            FeaturesCompleted = state.FeaturesCompleted + (passed ? 1 : 0),
            ConsecutiveFailures = passed ? 0 : state.ConsecutiveFailures + 1,
            PausesInARow = 0,
            Baseline = passed && session.Totals is not null ? session.Totals : state.Baseline,
        };
        var wasStuck = StuckRules.IsStuck(state, session.FeatureId);
        state = StuckRules.Recorded(state, session.FeatureId, passed, session.Reasons, evidence);
        Save(state, "session-finished", session.Number, passed ? commit : "failed", beforeNextStep: true);
        _context.Observer.SessionFinished(session.Number, feature, passed, evidence, commit, state);
        if (!wasStuck && state.Attempts.FirstOrDefault(a => a.FeatureId == session.FeatureId) is { Stuck: true } stuck)
        {
            _context.Store.Journal("feature-stuck", session.Number, $"{stuck.FeatureId} after {stuck.Failures} failed sessions");
            _context.Observer.FeatureStuck(stuck);
        }
        return state;
    }

    private async Task<string> CommitAsync(RunState state, SessionState session, Feature feature, bool recordedBefore, CancellationToken cancellationToken)
    {
        var workspace = _context.Workspace;
        var trailer = ProgressLog.Trailer(state.RunId, session.Number);
        if (recordedBefore && await workspace.FindCommitAsync(session.BaseCommit, trailer, cancellationToken).ConfigureAwait(false) is { } done)
        {
            return done.Sha;
        }

        // Start the bookkeeping from the base versions, so a redo after a crash writes the same bytes once.
        var layout = _context.Layout;
        await workspace.RestorePathsAsync(session.BaseCommit, [layout.FeatureList, layout.Progress], cancellationToken).ConfigureAwait(false);
        var at = session.VerifiedAt ?? _context.Clock.GetUtcNow();
        var list = LoadFeatureList();
        var updated = FeatureListEditor.SetPasses(list, new Dictionary<FeatureId, bool> { [feature.Id] = true }, at);
        _context.Files.Write(layout.FeatureList, updated, keepBackup: true, verbatim: true);
        _context.Checkpoint("feature-list-written", session.Number);

        // Counted from the list as the base has it: the feature read before this redo may already carry the crashed attempt's mark.
        var wasPassing = list.Find(feature.Id.Value)?.Passes ?? false;
        var progress = list.Progress with { Passing = list.Progress.Passing + (wasPassing ? 0 : 1), Failing = list.Progress.Failing - (wasPassing ? 0 : 1) };
        var old = _context.Files.Read(layout.Progress) ?? [];
        var entry = ProgressLog.Entry(session.Number, feature, at, AgentOf(session).Name, Actions(session), progress);
        var separator = old.Length > 0 && old[^1] != (byte)'\n' ? "\n" : "";
        _context.Files.Write(layout.Progress, [.. old, .. Encoding.UTF8.GetBytes(separator + entry)]);
        _context.Checkpoint("progress-written", session.Number);

        var sha = await workspace.CommitAllAsync(ProgressLog.CommitMessage(feature, state.RunId, session.Number), cancellationToken).ConfigureAwait(false);
        _lastCommit = (sha, session.Branch);
        _context.Checkpoint("commit-made", session.Number);
        Save(state, "committed", session.Number, sha);
        return sha;
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
