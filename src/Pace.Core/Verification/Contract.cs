// Stand-ins for the verification contract; the real types arrive with the verification work and replace this file.
using Pace.Core.Agents;
using Pace.Core.Git;

namespace Pace.Core.Verification
{
    public sealed record CheckSpec(string Name, string Command, TimeSpan Timeout);

    public sealed record TestTotals(int Passed, int Failed, int Skipped)
    {
        public int Total => Passed + Failed + Skipped;
    }

    public sealed record CheckResult(string Name, string Command, int? ExitCode, bool TimedOut, TimeSpan Duration, TestTotals? Totals, string OutputPath, string OutputTail)
    {
        public bool Passed => ExitCode == 0 && !TimedOut;
    }

    public sealed record TamperRules(IReadOnlyList<string> OwnedPaths, IReadOnlyList<string> ProtectedTestPaths);

    public sealed record TamperReport(IReadOnlyList<string> OwnedPathsTouched, IReadOnlyList<string> ProtectedTestsDeleted, IReadOnlyList<string> ProtectedTestsChanged);

    public static class TamperCheck
    {
        public static TamperReport Inspect(TamperRules rules, IReadOnlyList<string> changedPaths, IReadOnlyList<string> deletedPaths) => throw new NotImplementedException();
    }

    public sealed record VerificationInput(IReadOnlyList<CheckResult> Checks, TestTotals? Baseline, TamperReport Tamper, IReadOnlyList<string> PermissionDenials, bool AgentClaimsSuccess);

    public sealed record Verdict(bool Passed, IReadOnlyList<string> Reasons);

    public static class Verifier
    {
        public static Verdict Decide(VerificationInput input) => throw new NotImplementedException();
    }
}

namespace Pace.Core.Ports
{
    using Pace.Core.Verification;

    public interface ICheckRunner
    {
        Task<CheckResult> RunAsync(CheckSpec check, string workingFolder, string outputFolder, CancellationToken cancellationToken);
    }
}

namespace Pace.Core.Verification
{
    public sealed record SessionEvidence(
        string FeatureId,
        int Session,
        string Agent,
        string BaseCommit,
        string? ResultCommit,
        IReadOnlyList<CheckResult> Checks,
        TestTotals? Baseline,
        TestTotals? TotalsAfter,
        TamperReport Tamper,
        DiffStats Diff,
        bool AgentClaimsSuccess,
        AgentExit AgentExit,
        decimal? CostUsd,
        AgentUsage Usage,
        int? Turns,
        TimeSpan Duration,
        string TranscriptPath,
        Verdict Verdict,
        DateTimeOffset StartedAt,
        DateTimeOffset FinishedAt);
}
