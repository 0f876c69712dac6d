using Pace.Core.Integration;
using Pace.Core.Loop;

namespace Pace.Core.Ports;

/// <summary>
/// A parallel run's lanes and its merge queue: each session works in a worktree of its own on
/// branch <c>pace/lane/N</c>; passing work joins the run's branch (the run's tree, which only the
/// queue writes) one result at a time.
/// </summary>
public interface IRunLanes
{
    /// <summary>The lane of session <paramref name="session"/>: made from <paramref name="baseCommit"/> when missing, taken as it is (with whatever an interrupted session left) when it exists.</summary>
    Task<SessionPlace> OpenAsync(int session, string baseCommit, CancellationToken cancellationToken);

    /// <summary>Removes the lane's worktree and branch (nothing happens when they are gone already).</summary>
    Task CloseAsync(int session, CancellationToken cancellationToken);

    /// <summary>Removes every lane not in <paramref name="keep"/> (left by a run killed between its save and the removal).</summary>
    Task CloseAllExceptAsync(IReadOnlySet<int> keep, CancellationToken cancellationToken);

    /// <summary>A file as the run's branch has it (relative to the repository root); null when it has none.</summary>
    Task<byte[]?> ReadAsync(string relativePath, CancellationToken cancellationToken);

    /// <summary>The commit of the run's branch now.</summary>
    Task<string> TipAsync(CancellationToken cancellationToken);

    /// <summary>Brings one result onto the run's branch (see the merge queue); idempotent.</summary>
    Task<IntegrationOutcome> IntegrateAsync(IntegrationItem item, CancellationToken cancellationToken);
}
