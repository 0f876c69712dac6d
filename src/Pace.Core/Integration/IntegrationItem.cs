namespace Pace.Core.Integration;

/// <summary>
/// One result for the merge queue: the commit <paramref name="Source"/> to bring onto the integration
/// branch as <paramref name="Style"/> says, with <paramref name="Message"/> (a fast-forward keeps the
/// source's own commits). <paramref name="Checks"/> runs on the queue's worktree holding the integrated
/// tree and returns why it failed (empty: green); the queue knows nothing else of the checks.
/// <paramref name="KeepRef"/> (a full ref name, see <c>RefNames.Kept</c>) keeps the source when it
/// cannot be integrated.
/// </summary>
public sealed record IntegrationItem(
    string Id,
    string Source,
    string Message,
    IntegrationStyle Style,
    string KeepRef,
    Func<string, CancellationToken, Task<IReadOnlyList<string>>> Checks)
{
    /// <summary>
    /// Squash style only: called with the worktree path after the integrated tree is checked out and
    /// before the checks; its edits become part of the one commit (the feature loop writes its
    /// feature list and progress there, so they have one writer).
    /// </summary>
    public Func<string, CancellationToken, Task>? BeforeCommit { get; init; }
}
