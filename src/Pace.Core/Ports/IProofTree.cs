using Pace.Core.Verification;

namespace Pace.Core.Ports;

/// <summary>
/// Runs the checks on a temporary tree made of a base commit plus only a session's test files, to
/// show that those tests fail without the session's code (red, then green). The tree is never the
/// person's: it is made and removed by the port, even when the checks fail or the run is interrupted.
/// </summary>
public interface IProofTree
{
    Task<IReadOnlyList<CheckResult>> RunOnBaseWithTestsAsync(ProofTreeRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// What to build and run: <paramref name="SessionRoot"/> is the session's tree (a git working tree),
/// <paramref name="Name"/> names the temporary tree (an item id: one at a time per item, so a tree a
/// killed run left behind is found and removed by the next attempt), <paramref name="TestPaths"/> the
/// session's test files (relative to the root, as they are in the session's tree), <paramref name="CheckFolder"/>
/// where the checks run relative to the root ("" for the root itself).
/// </summary>
public sealed record ProofTreeRequest(
    string SessionRoot,
    string BaseCommit,
    string Name,
    IReadOnlyList<string> TestPaths,
    IReadOnlyList<CheckSpec> Checks,
    string CheckFolder,
    string OutputFolder)
{
    /// <summary>Called once the temporary tree exists, before the checks run (crash points).</summary>
    public Action TreeReady { get; init; } = () => { };
}
