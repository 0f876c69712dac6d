namespace Pace.Core.Verification;

/// <summary>
/// Everything <see cref="Verifier.Decide"/> weighs. <paramref name="Checks"/> ran after Pace undid the
/// agent's edits of owned paths; <paramref name="Baseline"/> are the test totals before the session
/// (null when unknown); <paramref name="AgentClaimsSuccess"/> is only the agent's word.
/// </summary>
public sealed record VerificationInput(
    IReadOnlyList<CheckResult> Checks,
    TestTotals? Baseline,
    TamperReport Tamper,
    IReadOnlyList<string> PermissionDenials,
    bool AgentClaimsSuccess)
{
    /// <summary>Secrets the session's change would commit (<see cref="Security.SecretScan"/>); any fails the session.</summary>
    public IReadOnlyList<Security.SecretFinding> SecretsFound { get; init; } = [];
}
