using Pace.Core.Ports;

namespace Pace.Core.Verification;

/// <summary>
/// Keeps the evaluator from changing the tree it judges: the tree is kept as a snapshot on a ref
/// before it starts, and after each answer HEAD, the branch and the files are compared with it and put
/// back where they differ. Paths that differed from the snapshot already (a file whose allowed secret
/// the snapshot stores redacted) are left alone, so putting back never writes a redacted file.
/// </summary>
internal sealed class EvaluatorTreeGuard
{
    private readonly IWorkspace _workspace;
    private readonly string _baseCommit;
    private readonly string? _branch;
    private readonly string _snapshot;
    private readonly HashSet<string> _differing;

    private EvaluatorTreeGuard(IWorkspace workspace, string baseCommit, string? branch, string snapshot, IEnumerable<string> differing)
    {
        _workspace = workspace;
        _baseCommit = baseCommit;
        _branch = branch;
        _snapshot = snapshot;
        _differing = new HashSet<string>(differing, StringComparer.Ordinal);
    }

    public static async Task<EvaluatorTreeGuard> TakeAsync(IWorkspace workspace, string baseCommit, string refName, CancellationToken cancellationToken)
    {
        var branch = await workspace.CurrentBranchAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await workspace.SnapshotAsync(baseCommit, refName, "pace: the tree the evaluator was shown", cancellationToken).ConfigureAwait(false) ?? baseCommit;
        var differing = await workspace.ChangedPathsAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return new EvaluatorTreeGuard(workspace, baseCommit, branch, snapshot, differing);
    }

    /// <summary>Puts back whatever the evaluator changed; returns a note saying what (null: nothing) and the paths still not as they were.</summary>
    public async Task<(string? Note, IReadOnlyList<string> Left)> RestoreAsync(CancellationToken cancellationToken)
    {
        var undone = new List<string>();
        if (_branch is not null && await _workspace.CurrentBranchAsync(cancellationToken).ConfigureAwait(false) != _branch)
        {
            await _workspace.AttachAsync(_branch, cancellationToken).ConfigureAwait(false);
            undone.Add($"HEAD back on {_branch}");
        }

        if (await _workspace.HeadAsync(cancellationToken).ConfigureAwait(false) != _baseCommit)
        {
            await _workspace.UncommitAsync(_baseCommit, cancellationToken).ConfigureAwait(false);
            undone.Add("its commits undone");
        }

        var changed = await ChangedAsync(cancellationToken).ConfigureAwait(false);
        if (changed.Count > 0)
        {
            await _workspace.RestorePathsAsync(_snapshot, changed, cancellationToken).ConfigureAwait(false);
            undone.Add("files put back: " + string.Join(", ", changed.Take(5)) + (changed.Count > 5 ? $" and {changed.Count - 5} more" : ""));
        }

        if (undone.Count == 0)
        {
            return (null, []);
        }

        var left = await ChangedAsync(cancellationToken).ConfigureAwait(false);
        return ($"the evaluator changed the tree; Pace put it back ({string.Join("; ", undone)})", left);
    }

    private async Task<IReadOnlyList<string>> ChangedAsync(CancellationToken cancellationToken) =>
        [.. (await _workspace.ChangedPathsAsync(_snapshot, cancellationToken).ConfigureAwait(false)).Where(p => !_differing.Contains(p))];
}
