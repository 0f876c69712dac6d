using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Core.Tests.Verification.Fakes;

/// <summary>A tree in memory: the files of the base commit, the files now, and HEAD. Only what a verified session uses.</summary>
public sealed class FakeWorkspace : IWorkspace
{
    public const string Base = "base0000";

    private readonly Dictionary<string, string> _base;

    public FakeWorkspace(Dictionary<string, string> baseFiles)
    {
        _base = baseFiles;
        Files = new Dictionary<string, string>(baseFiles, StringComparer.Ordinal);
    }

    public Dictionary<string, string> Files { get; }

    public string Head { get; set; } = Base;

    public List<string> Calls { get; } = [];

    public string Root => "/fake";

    public IReadOnlyDictionary<string, string> BaseFiles => _base;

    public bool Exists(string path) => Files.ContainsKey(path);

    public Task<string> HeadAsync(CancellationToken cancellationToken) => Task.FromResult(Head);

    public Task<string?> CurrentBranchAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("main");

    public Task<IReadOnlyList<string>> ChangedPathsAsync(string baseCommit, CancellationToken cancellationToken) => Task.FromResult(Changed());

    public Task<WorkspaceStatus> StatusAsync(string baseCommit, CancellationToken cancellationToken) =>
        Task.FromResult(new WorkspaceStatus(Head, "main", Changed()));

    public Task<DiffStats> DiffStatsAsync(string baseCommit, CancellationToken cancellationToken) => Task.FromResult(new DiffStats(Changed().Count, 0, 0));

    public Task<IReadOnlyList<AddedLine>> AddedLinesAsync(string baseCommit, CancellationToken cancellationToken)
    {
        IReadOnlyList<AddedLine> lines = [.. Changed().Where(Files.ContainsKey).SelectMany(p => Files[p].Split('\n').Select((text, i) => new AddedLine(p, i + 1, text)))];
        return Task.FromResult(lines);
    }

    public Task<string> DiffAsync(string baseCommit, CancellationToken cancellationToken) =>
        Task.FromResult(string.Concat(Changed().Select(p => $"--- a/{p}\n+++ b/{p}\n")));

    public Task UncommitAsync(string commit, CancellationToken cancellationToken)
    {
        Calls.Add("uncommit");
        Head = commit;
        return Task.CompletedTask;
    }

    public Task RestorePathsAsync(string commit, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        Calls.Add("restore " + string.Join(",", paths));
        foreach (var path in paths)
        {
            if (_base.TryGetValue(path, out var text))
            {
                Files[path] = text;
            }
            else
            {
                Files.Remove(path);
            }
        }

        return Task.CompletedTask;
    }

    public Task<string?> SnapshotAsync(string baseCommit, string refName, string message, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AttachAsync(string branch, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task ResetAsync(string commit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task DetachAsync(string commit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> ApplyAsync(string commit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> AmendAllAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<string> CommitAllAsync(string message, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<CommitInfo>> LogAsync(int max, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<CommitInfo?> FindCommitAsync(string sinceCommit, string text, CancellationToken cancellationToken) => throw new NotSupportedException();

    private IReadOnlyList<string> Changed() =>
        [.. _base.Keys.Union(Files.Keys).Where(p => !_base.TryGetValue(p, out var a) || !Files.TryGetValue(p, out var b) || a != b).Order(StringComparer.Ordinal)];
}
