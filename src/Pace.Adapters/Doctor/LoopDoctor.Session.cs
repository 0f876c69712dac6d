using Pace.Core.Diagnostics;
using Pace.Core.Loop;

namespace Pace.Adapters.Doctor;

public sealed partial class LoopDoctor
{
    /// <summary>The interrupted session against git: its base, its branch, and whether its phase matches the history.</summary>
    private async Task<List<DoctorFinding>> SessionAsync(SessionState session, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        var name = $"session {session.Number}";
        if (!await ExistsAsync($"{session.BaseCommit}^{{commit}}", cancellationToken).ConfigureAwait(false))
        {
            findings.Add(new DoctorFinding(Area, "session base", FindingKind.Problem, $"{name} started at {Short(session.BaseCommit)}, which is no longer in the repository",
                "a person: restore that commit, or move .pace/run/state.json aside to drop the session") { BlocksRun = true });
            return findings;
        }

        var branch = await _git.TryAsync(["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken).ConfigureAwait(false);
        var current = branch.ExitCode == 0 ? branch.Text : null;
        if (session.Branch is { } started && current != started)
        {
            var gone = !await ExistsAsync($"refs/heads/{started}", cancellationToken).ConfigureAwait(false);
            // While the agent may still have been at work (phase Started) the loop itself puts HEAD back and keeps every file on a ref.
            var blocks = gone || session.Phase != SessionPhase.Started;
            findings.Add(new DoctorFinding(Area, "session branch", blocks ? FindingKind.Problem : FindingKind.Note,
                $"{name} started on branch {started}, {(gone ? "which was deleted" : "")}{(gone ? "; " : "")}HEAD is on {current ?? "a detached commit"}",
                gone ? $"a person: recreate {started} at {Short(session.BaseCommit)} (git branch {started} {Short(session.BaseCommit)}) and check it out"
                : blocks ? $"a person: check out {started} to resume; Pace cannot tell who switched"
                : $"pace run puts HEAD back on {started} and keeps the tree on refs/pace/interrupted/") { BlocksRun = blocks });
            return findings;
        }

        var descends = await _git.TryAsync(["merge-base", "--is-ancestor", session.BaseCommit, "HEAD"], cancellationToken).ConfigureAwait(false);
        if (descends.ExitCode != 0 && session.Phase == SessionPhase.Verified)
        {
            findings.Add(new DoctorFinding(Area, "session base", FindingKind.Problem, $"HEAD does not descend from {Short(session.BaseCommit)}, where verified {name} started",
                "a person: the history was rewritten after verification; check out a branch holding that commit, or move .pace/run/state.json aside") { BlocksRun = true });
            return findings;
        }

        findings.Add(await PhaseAsync(session, name, cancellationToken).ConfigureAwait(false));
        return findings;
    }

    private async Task<DoctorFinding> PhaseAsync(SessionState session, string name, CancellationToken cancellationToken)
    {
        if (session.Phase != SessionPhase.Verified)
        {
            var what = session.Phase == SessionPhase.Started
                ? "keeps whatever the interrupted agent left on refs/pace/interrupted/ and runs the session again"
                : session.SetAsideRef is { } waiting ? $"brings the agent's work back from {waiting} (a signal stopped its verification) and verifies it"
                : "verifies the tree as the agent left it";
            return new DoctorFinding(Area, "session phase", FindingKind.Note, $"{name} was interrupted at phase {session.Phase}", "pace run " + what);
        }

        if (session.Passed != true)
        {
            return new DoctorFinding(Area, "session phase", FindingKind.Note, $"{name} failed verification; its attempt is not recorded yet", "pace run keeps the attempt on its ref and restores the tree");
        }

        var log = await _git.RunAsync(["log", "--format=%H", "--fixed-strings", "--grep=Pace-Session: ", $"{session.BaseCommit}..HEAD", "--"], cancellationToken).ConfigureAwait(false);
        return log.Text.Length > 0
            ? new DoctorFinding(Area, "session phase", FindingKind.Note, $"{name} passed and its commit {Short(log.Text.Split('\n')[0])} is made; the state does not record it yet", "pace run records it")
            : new DoctorFinding(Area, "session phase", FindingKind.Note, $"{name} passed verification but its commit is missing", "pace run redoes the bookkeeping from the base and commits once");
    }

    /// <summary>Every session's evidence readable; failed ones' attempt refs and passed ones' commits still there.</summary>
    private async Task<List<DoctorFinding>> EvidenceAsync(SessionState? current, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        var count = 0;
        foreach (var number in _store.Sessions())
        {
            Core.Verification.SessionEvidence? evidence;
            try
            {
                evidence = _store.LoadEvidence(number);
            }
            catch (InputException e)
            {
                findings.Add(new DoctorFinding(Area, "evidence", FindingKind.Problem, $"the evidence of session {number} cannot be read: {(e.Diagnostics.Count > 0 ? e.Diagnostics[0] : e.Message)}",
                    "a person: restore it; the commit or attempt ref still holds the work"));
                continue;
            }

            count++;
            if (evidence?.AttemptRef is { } attempt && evidence.Diff.FilesChanged > 0 && current?.Number != number && !await ExistsAsync(attempt, cancellationToken).ConfigureAwait(false))
            {
                findings.Add(new DoctorFinding(Area, "attempt ref", FindingKind.Note, $"{attempt}, the failed work of session {number}, was deleted", "nothing to repair: that work is gone; the evidence still describes it"));
            }

            if (evidence?.ResultCommit is { } commit && !await ExistsAsync($"{commit}^{{commit}}", cancellationToken).ConfigureAwait(false))
            {
                findings.Add(new DoctorFinding(Area, "result commit", FindingKind.Note, $"commit {Short(commit)} of session {number} is no longer in the repository", "nothing to repair: the history was rewritten"));
            }
        }

        if (current is { Phase: SessionPhase.Verified } && _store.LoadEvidenceOrNull(current.Number) is null)
        {
            findings.Add(new DoctorFinding(Area, "evidence", FindingKind.Problem, $"verified session {current.Number} has no evidence file",
                "a person: pace run would record the session without its evidence; move .pace/run/state.json aside to run it again"));
        }

        findings.Add(DoctorFinding.Ok(Area, "evidence", $"{count} sessions with evidence"));
        return findings;
    }

    private async Task<bool> ExistsAsync(string revision, CancellationToken cancellationToken) =>
        (await _git.TryAsync(["rev-parse", "--verify", "--quiet", revision], cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
