using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification.Fakes;

/// <summary>The proof's temporary tree in memory: the base's files plus the session's test files, checked by a function of them.</summary>
public sealed class FakeProofTree(FakeWorkspace session, Func<IReadOnlyDictionary<string, string>, (int? ExitCode, TestTotals? Totals)> decide) : IProofTree
{
    public List<ProofTreeRequest> Requests { get; } = [];

    public Dictionary<string, string>? Tree { get; private set; }

    public Task<IReadOnlyList<CheckResult>> RunOnBaseWithTestsAsync(ProofTreeRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        Tree = new Dictionary<string, string>(session.BaseFiles, StringComparer.Ordinal);
        foreach (var path in request.TestPaths)
        {
            Tree[path] = session.Files[path];
        }

        IReadOnlyList<CheckResult> results = [.. request.Checks.Select(check =>
        {
            var (code, totals) = decide(Tree);
            return new CheckResult(check.Name, check.Command, code, false, TimeSpan.FromSeconds(1), totals, $"{request.OutputFolder}/{check.Name}.log", "");
        })];
        return Task.FromResult(results);
    }
}
