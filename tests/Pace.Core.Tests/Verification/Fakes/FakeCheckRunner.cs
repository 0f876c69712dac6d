using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification.Fakes;

/// <summary>Checks decided by a function of the tree as it is when they run (so a test sees what the session restored first).</summary>
public sealed class FakeCheckRunner(FakeWorkspace tree, Func<CheckSpec, IReadOnlyDictionary<string, string>, (int? ExitCode, TestTotals? Totals)> decide) : ICheckRunner
{
    public List<string> Ran { get; } = [];

    public Task<CheckResult> RunAsync(CheckSpec check, string workingFolder, string outputFolder, CancellationToken cancellationToken)
    {
        Ran.Add(check.Name);
        var (code, totals) = decide(check, tree.Files);
        return Task.FromResult(new CheckResult(check.Name, check.Command, code, false, TimeSpan.FromSeconds(1), totals, $"{outputFolder}/{check.Name}.log", ""));
    }
}
