namespace Pace.Core.Verification;

/// <summary>
/// The proof that a session without its item's own checks built the item: it added or changed tests,
/// those tests fail on the base's code (a temporary tree of the base plus only the test files, through
/// <see cref="Ports.IProofTree"/>) and the checks pass on the result with more tests than the baseline.
/// Costs one extra run of the checks, and only when nothing else failed the session already.
/// </summary>
internal static class RedThenGreen
{
    public static async Task<ProofEvidence?> ProveAsync(SessionWork work, IReadOnlyList<string> changed, Verdict verdict, List<string> reasons, List<string> notes, CancellationToken cancellationToken)
    {
        if (work.Proof is not { } proof)
        {
            return null;
        }

        if (work.Acceptance.Count > 0)
        {
            return new ProofEvidence(ProofEvidence.OwnChecks, [], []);
        }

        var patterns = work.Rules.ProtectedTestPaths.Count > 0 ? work.Rules.ProtectedTestPaths : ProofRules.UsualTestLocations;
        // The item's own test files when it names them (they may have existed before the session); otherwise the tests it touched.
        var named = proof.TestFiles.Select(PathGlob.Normalize).Distinct(StringComparer.Ordinal).ToLookup(work.FileExists);
        var tests = proof.TestFiles.Count > 0
            ? [.. named[true].Order(StringComparer.Ordinal)]
            : changed.Select(PathGlob.Normalize).Distinct(StringComparer.Ordinal)
                .Where(p => work.FileExists(p) && PathGlob.IsMatchAny(patterns, p) && !PathGlob.IsMatchAny(work.Rules.OwnedPaths, p))
                .Order(StringComparer.Ordinal).ToList();
        var exemption = proof.Rules.Exemption(proof.ItemId, proof.Category);
        var rule = exemption is null ? ProofEvidence.RedThenGreen : ProofEvidence.Exempt;
        var missing = named[false].ToList();
        if (reasons.Count == 0 && exemption is null && missing.Count > 0)
        {
            reasons.Add($"the task's own test files (artifacts.test_files) are not there after the session: {string.Join(", ", missing)}");
        }

        if (reasons.Count > 0 || tests.Count == 0)
        {
            // A session that failed already needs no extra run of the checks to fail.
            if (reasons.Count == 0 && exemption is null)
            {
                reasons.Add($"the session added or changed no test (looked for {string.Join(", ", patterns)}): nothing shows that it built the item");
            }

            return new ProofEvidence(rule, tests, []) { Exemption = exemption };
        }

        var request = new Ports.ProofTreeRequest(work.Workspace.Root, work.BaseCommit, proof.TreeName, tests, work.Checks, RelativeCheckFolder(work), Path.Combine(work.OutputFolder, "red"))
        {
            TreeReady = work.ProofTreeReady,
        };
        var red = await proof.Trees.RunOnBaseWithTestsAsync(request, cancellationToken).ConfigureAwait(false);
        var evidence = new ProofEvidence(rule, tests, red) { Exemption = exemption };
        var files = string.Join(", ", tests);
        if (exemption is not null)
        {
            notes.Add($"no proof needed ({exemption}); the session's tests {(evidence.RedFailed ? "fail" : "pass")} on the base without its code");
            return evidence;
        }

        if (!evidence.RedFailed)
        {
            reasons.Add($"the session's tests pass without its code (the checks passed on the base with only its test files applied: {files}): they do not show that it built the item");
        }
        else
        {
            notes.Add($"red, then green: the session's tests fail on the base without its code ({files})");
        }

        if (work.Baseline is { } baseline && verdict.Totals is { } after && after.Total <= baseline.Total)
        {
            reasons.Add($"the checks ran {after.Total} tests, no more than the baseline's {baseline.Total}: the session added no test that runs");
        }

        return evidence;
    }

    private static string RelativeCheckFolder(SessionWork work)
    {
        var relative = Path.GetRelativePath(work.Workspace.Root, work.CheckFolder).Replace('\\', '/');
        return relative == "." ? "" : relative;
    }
}
