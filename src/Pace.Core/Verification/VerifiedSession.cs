using Pace.Core.Agents;
using Pace.Core.Ports;
using Pace.Core.Security;

namespace Pace.Core.Verification;

/// <summary>
/// The one rule that turns an agent's work into a verdict, for the feature loop and for spec tasks
/// alike: the agent's commits become plain changes, edits of owned paths are undone, Pace runs the
/// checks in the tree, scans the change for secrets and decides (<see cref="Verifier"/>), adding what
/// only a session knows (how the agent ended, Pace's files touched, nothing changed) and the proof that
/// it built its item (its own checks, or red then green: <see cref="RedThenGreen"/>). It leaves the
/// tree holding the work, uncommitted: committing a pass or setting a failure aside is the caller's.
/// </summary>
public sealed class VerifiedSession(ICheckRunner runner, Func<Redactor> secrets, SecretAllowList allowedSecrets, AgentLimits limits)
{
    /// <summary>How long one <c>verify</c> command may run (as a spec task's own checks).</summary>

    public async Task<SessionJudgement> JudgeAsync(SessionWork work, CancellationToken cancellationToken)
    {
        var workspace = work.Workspace;
        var status = work.Status ?? await workspace.StatusAsync(work.BaseCommit, cancellationToken).ConfigureAwait(false);

        // The agent's own commits become plain changes: the caller makes the one commit of the session.
        if (status.Head != work.BaseCommit)
        {
            await workspace.UncommitAsync(work.BaseCommit, cancellationToken).ConfigureAwait(false);
            work.Uncommitted();
        }

        // Undoing commits keeps the files, so the changed paths (base against the files) still hold.
        var changed = status.ChangedPaths;
        var deleted = changed.Where(p => !work.FileExists(p)).ToList();
        var tamper = TamperCheck.Inspect(work.Rules, changed, deleted);
        if (tamper.OwnedPathsTouched.Count > 0)
        {
            await workspace.RestorePathsAsync(work.BaseCommit, tamper.OwnedPathsTouched, cancellationToken).ConfigureAwait(false);
            work.OwnedRestored(tamper.OwnedPathsTouched);
        }

        work.ChecksStarting();
        var (checks, verdict) = await CheckTreeAsync(workspace, work.BaseCommit, work.Checks, work.CheckFolder, work.OutputFolder, work.Baseline, tamper, work.Agent, cancellationToken, [.. work.Acceptance, .. work.Regression]).ConfigureAwait(false);
        var reasons = verdict.Reasons.ToList();
        var notes = verdict.Notes.ToList();
        ProofOfAcceptance(work, reasons, notes);
        reasons.AddRange(AgentReasons(work.Agent));
        if (work.PaceFilesTouched.Count > 0)
        {
            reasons.Add($"the agent changed Pace's own files (restored): {string.Join(", ", work.PaceFilesTouched)}");
        }

        if (!changed.Except(tamper.OwnedPathsTouched).Any())
        {
            reasons.Add("the agent changed nothing in the project");
        }

        var proof = await RedThenGreen.ProveAsync(work, changed.Except(tamper.OwnedPathsTouched).ToList(), verdict, reasons, notes, cancellationToken).ConfigureAwait(false);
        var diff = await workspace.DiffStatsAsync(work.BaseCommit, cancellationToken).ConfigureAwait(false);
        // The evaluator (opt-in, docs/evaluator.md) is asked only about work that passed everything else; its reject fails the session.
        var evaluation = reasons.Count == 0 && work.Evaluate is { } evaluate
            ? await evaluate(new EvaluatorEvidence(checks, work.Baseline, verdict.Totals, notes, diff), cancellationToken).ConfigureAwait(false) : null;
        reasons.AddRange(evaluation?.Reasons ?? []);
        notes.AddRange(evaluation?.Notes ?? []);
        var judged = (verdict with { Notes = notes }).Judged(reasons.Count == 0, reasons, work.Agent.ClaimsSuccess);
        return new SessionJudgement(judged, checks, work.Baseline, tamper, diff) { AcceptanceOnBase = work.AcceptanceOnBase ?? [], Proof = proof, Evaluation = evaluation };
    }

    /// <summary>An item's <c>verify</c> commands as checks, named so that a reason says which one failed.</summary>
    public static IReadOnlyList<CheckSpec> Acceptance(IReadOnlyList<string> commands) =>
        [.. commands.Select((command, i) => new CheckSpec(commands.Count == 1 ? "verify" : $"verify {i + 1}", command, CheckSpec.DefaultTimeout))];

    /// <summary>Checks run as they are, with nothing decided: the acceptance checks on the base before a session.</summary>
    public async Task<IReadOnlyList<CheckResult>> RunAsync(IReadOnlyList<CheckSpec> checks, string checkFolder, string outputFolder, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            results.Add(await runner.RunAsync(check, checkFolder, outputFolder, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>
    /// The checks on a tree that joins verified results (a merge queue's candidate: the parallel loop's
    /// run branch, a spec's wave branch), judged as a session's checks are: each must pass, and the test
    /// totals of <paramref name="counted"/> (the project's checks) must not fall below
    /// <paramref name="baseline"/> nor vanish. <paramref name="uncounted"/> (items' verify commands)
    /// must pass, their test counts left out of the totals. Nothing to run: nothing to say.
    /// </summary>
    public async Task<(IReadOnlyList<string> Reasons, TestTotals? Totals)> CheckJoinedAsync(
        IReadOnlyList<CheckSpec> counted, IReadOnlyList<CheckSpec> uncounted, string checkFolder, string outputFolder, TestTotals? baseline, CancellationToken cancellationToken)
    {
        if (counted.Count + uncounted.Count == 0)
        {
            return ([], null);
        }

        var results = (await RunAsync(counted, checkFolder, outputFolder, cancellationToken).ConfigureAwait(false)).ToList();
        results.AddRange((await RunAsync(uncounted, checkFolder, outputFolder, cancellationToken).ConfigureAwait(false)).Select(r => r with { Totals = null }));
        var totals = Verifier.SumTotals(results);
        // A failure says its output's last line too: the reason stands in a log line, far from the output file.
        List<string> reasons = [.. results.Select(r => Verifier.DescribeFailure(r) is { } failure ? failure + LastLine(r.OutputTail) : null).OfType<string>()];
        reasons.AddRange(Verifier.AgainstBaseline(totals, baseline));
        return (reasons, totals);
    }

    private static string LastLine(string output) =>
        output.TrimEnd().Split('\n')[^1].Trim() is { Length: > 0 } last ? $" ({(last.Length > 120 ? last[..120] + "..." : last)})" : "";

    /// <summary>
    /// An acceptance check that already passed on the base proves nothing about this session: noted
    /// by name. When every one of them did, nothing shows that the session built the item, and it fails.
    /// </summary>
    private static void ProofOfAcceptance(SessionWork work, List<string> reasons, List<string> notes)
    {
        if (work.Acceptance.Count == 0 || work.AcceptanceOnBase is not { } onBase)
        {
            return;
        }

        var already = onBase.Where(c => c.Passed).Select(c => $"'{c.Name}' ({c.Command})").ToList();
        if (already.Count == 0)
        {
            return;
        }

        if (already.Count >= work.Acceptance.Count)
        {
            reasons.Add($"the item's own checks already pass on the base, so they prove nothing about this session: {string.Join(", ", already)}");
        }
        else
        {
            notes.Add($"already passing on the base (proves nothing): {string.Join(", ", already)}");
        }
    }

    /// <summary>
    /// The checks on a tree as it is, and the verifier's verdict on them and on what the tree adds to
    /// <paramref name="baseCommit"/> (secrets); <paramref name="agent"/>, when an agent made the tree,
    /// brings its denials and its claim. The part of a session that an early result replayed on another
    /// base and a merge resolved by an agent go through too. <paramref name="uncounted"/> (an item's own
    /// checks) must pass too, but their test counts stay out of the totals: the baseline is the
    /// project's, and another item's checks would move it.
    /// </summary>
    public async Task<(IReadOnlyList<CheckResult> Checks, Verdict Verdict)> CheckTreeAsync(
        IWorkspace workspace, string baseCommit, IReadOnlyList<CheckSpec> checks, string checkFolder, string outputFolder,
        TestTotals? baseline, TamperReport tamper, AgentResult? agent, CancellationToken cancellationToken, IReadOnlyList<CheckSpec>? uncounted = null)
    {
        var results = (await RunAsync(checks, checkFolder, outputFolder, cancellationToken).ConfigureAwait(false)).ToList();
        results.AddRange((await RunAsync(uncounted ?? [], checkFolder, outputFolder, cancellationToken).ConfigureAwait(false)).Select(r => r with { Totals = null }));
        var added = await workspace.AddedLinesAsync(baseCommit, cancellationToken).ConfigureAwait(false);
        var verdict = Verifier.Decide(new VerificationInput(results, baseline, tamper, agent?.PermissionDenials ?? [], agent?.ClaimsSuccess ?? true)
        {
            SecretsFound = SecretScan.Find(added, secrets(), allowedSecrets),
        });
        return (results, verdict);
    }

    /// <summary>How the agent ended, as a reason to fail the session; none when it ended by itself.</summary>
    public IReadOnlyList<string> AgentReasons(AgentResult agent) => agent.Exit switch
    {
        AgentExit.Exited => [],
        AgentExit.TimedOut => [$"the agent was stopped at the session's time limit ({limits.TimeLimit})"],
        AgentExit.TurnLimit => ["the agent reached the session's turn limit"],
        AgentExit.BudgetExceeded => ["the agent passed the session's cost budget"],
        AgentExit.StartFailed => ["the agent could not be started: " + string.Join("; ", agent.Errors)],
        _ => [$"the agent ended with {agent.Exit}"],
    };
}
