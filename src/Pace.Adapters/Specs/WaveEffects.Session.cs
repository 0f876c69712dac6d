using Pace.Core.Agents;
using Pace.Core.Verification;

namespace Pace.Adapters.Specs;

public sealed partial class WaveEffects
{
    /// <summary>What a verified session ended with: its commit when it passed, the reasons when it did not.</summary>
    private sealed record SessionOutcome(bool Passed, IReadOnlyList<string> Reasons, string? Commit, string? AttemptRef, bool ClaimedSuccessFalsely = false);

    /// <summary>
    /// One agent session in <paramref name="worktree"/> verified as the feature loop verifies: the
    /// agent's commits become plain changes, edits of owned paths are undone, Pace runs the checks
    /// and decides. Passed: one commit with <paramref name="commitMessage"/>. Failed: the attempt goes
    /// to the next free ref under <paramref name="attemptPrefix"/> (looked up only then: a passed
    /// session needs none) and the tree back to <paramref name="baseCommit"/>.
    /// </summary>
    private async Task<SessionOutcome> RunVerifiedSessionAsync(
        string worktree, string baseCommit, string prompt, IReadOnlyList<CheckSpec> checks, string folder, string itemId,
        TestTotals? baseline, string commitMessage, string attemptPrefix, CancellationToken cancellationToken)
    {
        var workspace = Workspace(worktree);
        TaskEvidence.MakeRoom(folder);
        Directory.CreateDirectory(folder);
        var started = Now;
        var request = new AgentRequest(Layout.ProjectIn(worktree), prompt, Path.Combine(folder, "transcript.jsonl"), _context.Config.SessionLimits);
        var agent = await _context.Agent.RunAsync(request, _ => { }, cancellationToken).ConfigureAwait(false);
        if (agent.Exit == AgentExit.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        _context.Checkpoint($"agent-finished:{itemId}");
        if (await workspace.HeadAsync(cancellationToken).ConfigureAwait(false) != baseCommit)
        {
            await workspace.UncommitAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        }

        var changed = await workspace.ChangedPathsAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        var deleted = changed.Where(p => !File.Exists(Path.Combine(worktree, p))).ToList();
        var tamper = TamperCheck.Inspect(new TamperRules(Layout.Owned, _context.Config.ProtectedTests), changed, deleted);
        if (tamper.OwnedPathsTouched.Count > 0)
        {
            await workspace.RestorePathsAsync(baseCommit, tamper.OwnedPathsTouched, cancellationToken).ConfigureAwait(false);
        }

        var results = await RunChecksAsync(checks, worktree, Path.Combine(folder, "checks"), cancellationToken).ConfigureAwait(false);
        var added = await workspace.AddedLinesAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        var verdict = Verifier.Decide(new VerificationInput(results, baseline, tamper, agent.PermissionDenials, agent.ClaimsSuccess)
        {
            SecretsFound = Pace.Core.Security.SecretScan.Find(added, Security.Secrets.Current, _context.Config.Secrets),
        });
        var reasons = verdict.Reasons.ToList();
        if (agent.Exit != AgentExit.Exited)
        {
            reasons.Add($"the agent ended with {agent.Exit}: {string.Join("; ", agent.Errors)}");
        }

        if (!changed.Except(tamper.OwnedPathsTouched).Any())
        {
            reasons.Add("the agent changed nothing");
        }

        var passed = reasons.Count == 0;
        var diff = await workspace.DiffStatsAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        // Looked up only for a failed session: a passed one needs none.
        var attemptRef = passed ? null : await NextRefAsync(attemptPrefix, cancellationToken).ConfigureAwait(false);
        var evidence = new SessionEvidence(
            itemId, 0, _context.Agent.Name, baseCommit, null, results, baseline, verdict.Totals, tamper, diff, agent.ClaimsSuccess,
            agent.Exit, agent.ExitCode, agent.CostUsd, agent.Usage, agent.Turns, agent.Duration, agent.TranscriptPath,
            verdict.Judged(passed, reasons, agent.ClaimsSuccess), started, Now)
        {
            PermissionDenials = agent.PermissionDenials,
            AgentMessage = agent.FinalMessage,
            AttemptRef = attemptRef,
        };
        string? commit = null;
        if (passed)
        {
            // The evidence is on disk before the commit: a run killed in between finds the commit by its trailer and completes the evidence (CompleteEvidence).
            Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence));
            commit = await workspace.CommitAllAsync(commitMessage, cancellationToken).ConfigureAwait(false);
            _context.Checkpoint($"session-committed:{itemId}");
            evidence = evidence with { ResultCommit = commit };
        }
        else
        {
            await workspace.SnapshotAsync(baseCommit, attemptRef!, $"pace: failed attempt of {itemId}", cancellationToken).ConfigureAwait(false);
            _context.Checkpoint($"attempt-saved:{itemId}");
            await workspace.ResetAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        }

        Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence));
        return new SessionOutcome(passed, reasons, commit, attemptRef, evidence.Verdict.ClaimedSuccessFalsely);
    }

    /// <summary>A passed session's evidence written before its commit, when the run was killed before it could name the commit.</summary>
    private static void CompleteEvidence(string folder, string commit)
    {
        if (EvidenceIn(folder) is { ResultCommit: null, Verdict.Passed: true } evidence)
        {
            Storage.AtomicFile.Write(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence with { ResultCommit = commit }));
        }
    }

    /// <summary>The evidence of a passed session, for the pull request's body; null when there is none.</summary>
    private static SessionEvidence? EvidenceIn(string folder) => TaskEvidence.Latest(folder);

    /// <summary>A fresh name under <paramref name="prefix"/>: prefix/1, prefix/2, ...</summary>
    private async Task<string> NextRefAsync(string prefix, CancellationToken cancellationToken)
    {
        var existing = await _context.Repository.ListRefsAsync(prefix + "/", cancellationToken).ConfigureAwait(false);
        var used = existing.Select(r => r.Name[(prefix.Length + 1)..].Split('/')[0]).Distinct(StringComparer.Ordinal).Count();
        return $"{prefix}/{used + 1}";
    }
}
