namespace Pace.Core.Verification;

/// <summary>
/// How a session showed that it built its item, kept in the evidence. <paramref name="Rule"/> is
/// <c>verify</c> (the item's own checks decide), <c>red-green</c> (its tests failed on the base with
/// only the test files applied, <paramref name="RedRun"/>, and pass on the result) or <c>exempt</c>.
/// </summary>
public sealed record ProofEvidence(string Rule, IReadOnlyList<string> TestFiles, IReadOnlyList<CheckResult> RedRun)
{
    public const string OwnChecks = "verify";
    public const string RedThenGreen = "red-green";
    public const string Exempt = "exempt";

    /// <summary>Why the item needed no proof (pace.verification.exempt); null when it did.</summary>
    public string? Exemption { get; init; }

    /// <summary>True when the red run showed a failure (the tests need the session's code).</summary>
    public bool RedFailed => RedRun.Any(r => !r.Passed);
}

/// <summary>What a session needs to prove itself: the item, and the port that builds the temporary tree.</summary>
public sealed record ProofRequest(string ItemId, string? Category, Ports.IProofTree Trees, ProofRules Rules)
{
    /// <summary>The temporary tree's name: unique among sessions that can run at once (a spec task adds its spec's name).</summary>
    public string TreeName { get; init; } = ItemId;

    /// <summary>The item's own test files (agent-os <c>artifacts.test_files</c>): when set, the proof is made with exactly these, not with whatever tests the session touched.</summary>
    public IReadOnlyList<string> TestFiles { get; init; } = [];
}
