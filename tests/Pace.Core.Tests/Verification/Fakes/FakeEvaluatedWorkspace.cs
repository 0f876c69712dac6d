using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Core.Tests.Verification.Fakes;

/// <summary>
/// A <see cref="FakeWorkspace"/> that can also keep snapshots of its files and compare with them or
/// put them back, as the evaluator's guard does; a commit id "snapshot-N" names one.
/// </summary>
public sealed class FakeEvaluatedWorkspace(FakeWorkspace tree) : IWorkspace
{
    private readonly Dictionary<string, Dictionary<string, string>> _snapshots = new(StringComparer.Ordinal);

    public FakeWorkspace Tree => tree;

    public Dictionary<string, string> Refs { get; } = new(StringComparer.Ordinal);

    public string Root => tree.Root;

    public Task<string?> SnapshotAsync(string baseCommit, string refName, string message, CancellationToken cancellationToken)
    {
        var id = $"snapshot-{_snapshots.Count + 1}";
        _snapshots[id] = new Dictionary<string, string>(tree.Files, StringComparer.Ordinal);
        Refs[refName] = id;
        return Task.FromResult<string?>(id);
    }

    public Task<IReadOnlyList<string>> ChangedPathsAsync(string baseCommit, CancellationToken cancellationToken) =>
        _snapshots.TryGetValue(baseCommit, out var files) ? Task.FromResult(Differ(files)) : tree.ChangedPathsAsync(baseCommit, cancellationToken);

    public Task RestorePathsAsync(string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (!_snapshots.TryGetValue(commit, out var files))
        {
            return tree.RestorePathsAsync(commit, paths, cancellationToken);
        }

        tree.Calls.Add($"restore {commit} {string.Join(",", paths)}");
        foreach (var path in paths)
        {
            if (files.TryGetValue(path, out var text))
            {
                tree.Files[path] = text;
            }
            else
            {
                tree.Files.Remove(path);
            }
        }

        return Task.CompletedTask;
    }

    public Task<string> HeadAsync(CancellationToken cancellationToken) => tree.HeadAsync(cancellationToken);

    public Task<string?> CurrentBranchAsync(CancellationToken cancellationToken) => tree.CurrentBranchAsync(cancellationToken);

    public Task<WorkspaceStatus> StatusAsync(string baseCommit, CancellationToken cancellationToken) => tree.StatusAsync(baseCommit, cancellationToken);

    public Task<DiffStats> DiffStatsAsync(string baseCommit, CancellationToken cancellationToken) => tree.DiffStatsAsync(baseCommit, cancellationToken);

    public Task<IReadOnlyList<AddedLine>> AddedLinesAsync(string baseCommit, CancellationToken cancellationToken) => tree.AddedLinesAsync(baseCommit, cancellationToken);

    public Task<string> DiffAsync(string baseCommit, CancellationToken cancellationToken) => tree.DiffAsync(baseCommit, cancellationToken);

    public Task AttachAsync(string branch, CancellationToken cancellationToken) => tree.AttachAsync(branch, cancellationToken);

    public Task ResetAsync(string commit, CancellationToken cancellationToken) => tree.ResetAsync(commit, cancellationToken);

    public Task UncommitAsync(string commit, CancellationToken cancellationToken) => tree.UncommitAsync(commit, cancellationToken);

    public Task DetachAsync(string commit, CancellationToken cancellationToken) => tree.DetachAsync(commit, cancellationToken);

    public Task<bool> ApplyAsync(string commit, CancellationToken cancellationToken) => tree.ApplyAsync(commit, cancellationToken);

    public Task<string> AmendAllAsync(CancellationToken cancellationToken) => tree.AmendAllAsync(cancellationToken);

    public Task<string> CommitAllAsync(string message, CancellationToken cancellationToken) => tree.CommitAllAsync(message, cancellationToken);

    public Task<IReadOnlyList<CommitInfo>> LogAsync(int max, CancellationToken cancellationToken) => tree.LogAsync(max, cancellationToken);

    public Task<CommitInfo?> FindCommitAsync(string sinceCommit, string text, CancellationToken cancellationToken) => tree.FindCommitAsync(sinceCommit, text, cancellationToken);

    private IReadOnlyList<string> Differ(Dictionary<string, string> files) =>
        [.. files.Keys.Union(tree.Files.Keys).Where(p => !files.TryGetValue(p, out var a) || !tree.Files.TryGetValue(p, out var b) || a != b).Order(StringComparer.Ordinal)];
}
