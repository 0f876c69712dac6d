using System.Globalization;

namespace Pace.Core.Verification;

/// <summary>
/// Decides whether a session passed, from Pace's own checks and never from the agent's claim.
/// A session fails when no check ran, a check failed or timed out, the tests shrank below the
/// baseline (fewer in total or fewer passing), the tests vanished (a baseline had totals, now no check
/// reports any), protected tests were deleted, the change holds a secret, or a permission was denied. Edits of owned paths do not
/// fail it by themselves: the loop undoes them before the checks run, so they only count through the
/// checks; they are recorded in <see cref="Verdict.Notes"/>.
/// </summary>
public static class Verifier
{
    private const int Listed = 5;

    public static Verdict Decide(VerificationInput input)
    {
        var reasons = new List<string>();
        var notes = new List<string>();
        if (input.Checks.Count == 0)
        {
            reasons.Add("no checks ran: nothing verified the work");
        }

        foreach (var check in input.Checks)
        {
            if (DescribeFailure(check) is { } failure)
            {
                reasons.Add(failure);
            }
        }

        var totals = SumTotals(input.Checks);
        reasons.AddRange(AgainstBaseline(totals, input.Baseline));

        if (input.Tamper.ProtectedTestsDeleted.Count > 0)
        {
            reasons.Add($"protected tests deleted: {List(input.Tamper.ProtectedTestsDeleted)}");
        }

        if (input.SecretsFound.Count > 0)
        {
            reasons.Add(Security.SecretScan.Reason(input.SecretsFound));
        }

        if (input.PermissionDenials.Count > 0)
        {
            reasons.Add($"permission denied {Count(input.PermissionDenials.Count, "time")}: {List(input.PermissionDenials)}");
        }

        if (input.Tamper.OwnedPathsTouched.Count > 0)
        {
            notes.Add($"the agent edited paths Pace owns (undone): {List(input.Tamper.OwnedPathsTouched)}");
        }

        if (input.Tamper.ProtectedTestsChanged.Count > 0)
        {
            notes.Add($"protected tests changed: {List(input.Tamper.ProtectedTestsChanged)}");
        }

        var passed = reasons.Count == 0;
        var falseClaim = input.AgentClaimsSuccess && !passed;
        if (falseClaim)
        {
            notes.Add("the agent claimed success falsely");
        }
        else if (!input.AgentClaimsSuccess && passed)
        {
            notes.Add("the agent did not claim success, but verification passed");
        }

        return new Verdict(passed, reasons) { Notes = notes, ClaimedSuccessFalsely = falseClaim, Totals = totals };
    }

    /// <summary>The totals over every check that reported some; null when none did.</summary>
    public static TestTotals? SumTotals(IReadOnlyList<CheckResult> checks)
    {
        TestTotals? sum = null;
        foreach (var check in checks)
        {
            if (check.Totals is { } totals)
            {
                sum = sum is null ? totals : sum.Add(totals);
            }
        }

        return sum;
    }

    /// <summary>What the test totals say against the baseline: fewer tests, fewer passing, or none reported where the baseline had some.</summary>
    public static IEnumerable<string> AgainstBaseline(TestTotals? totals, TestTotals? baseline)
    {
        if (baseline is null)
        {
            yield break;
        }

        if (totals is null)
        {
            yield return $"the tests vanished: the baseline had {baseline.Total} tests, no check reported any now";
            yield break;
        }

        if (totals.Total < baseline.Total)
        {
            yield return $"fewer tests than the baseline: {totals.Total} now, {baseline.Total} before";
        }

        if (totals.Passed < baseline.Passed)
        {
            yield return $"fewer passing tests than the baseline: {totals.Passed} now, {baseline.Passed} before";
        }
    }

    /// <summary>Why a check failed (timed out, could not run, a non-zero exit); null when it passed.</summary>
    public static string? DescribeFailure(CheckResult check)
    {
        if (check.TimedOut)
        {
            return $"check '{check.Name}' timed out after {check.Duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
        }

        return check.ExitCode switch
        {
            0 => null,
            null => $"check '{check.Name}' could not run",
            var code => $"check '{check.Name}' failed with exit code {code}",
        };
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count <= Listed
            ? string.Join(", ", items)
            : $"{string.Join(", ", items.Take(Listed))} and {items.Count - Listed} more";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
