using System.Globalization;
using System.Text;
using Pace.Adapters.Git;
using Pace.Adapters.Integration;
using Pace.Core.Git;
using Pace.Core.Integration;
using Pace.Core.Loop;
using Pace.Core.Ports;

namespace Pace.Adapters.Loop;

/// <summary>
/// A parallel run's lanes: session N works in .pace/lanes/N on branch pace/lane/N; the run's branch
/// is checked out in the run's tree, which only the merge queue writes (docs/feature-loop.md).
/// </summary>
public sealed class RunLanes : IRunLanes, IDisposable
{
    /// <summary>The lanes' folder, relative to the repository root (under .pace/, which git ignores there).</summary>
    public const string RelativePath = ".pace/lanes";

    private readonly string _root;
    private readonly string _branch;
    private readonly GitCli _git;
    private readonly GitCliRepository _repository;
    private readonly MergeQueue _queue;

    public RunLanes(string root, string runTree, string branch)
    {
        _root = root;
        _branch = branch;
        _git = new GitCli(root, null);
        _repository = new GitCliRepository(root);
        _queue = new MergeQueue(_repository, new GitCliWorkspace(runTree), branch);
    }

    public static string Folder(string root, int session) =>
        Path.Combine(root, RelativePath, session.ToString(CultureInfo.InvariantCulture));

    public async Task<SessionPlace> OpenAsync(int session, string baseCommit, CancellationToken cancellationToken)
    {
        var branch = RefNames.LaneBranch(session);
        // A branch that exists already holds the lane's start, or its committed work: it is taken as it is.
        await _repository.CreateBranchAsync(branch, baseCommit, cancellationToken).ConfigureAwait(false);
        var folder = Folder(_root, session);
        await _repository.AddWorktreeAsync(folder, branch, cancellationToken).ConfigureAwait(false);
        return new SessionPlace(new GitCliWorkspace(folder), new LocalProjectFiles(folder), InLane: true);
    }

    public async Task CloseAsync(int session, CancellationToken cancellationToken)
    {
        var folder = Folder(_root, session);
        await _repository.RemoveWorktreeAsync(folder, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await _repository.DeleteBranchAsync(RefNames.LaneBranch(session), cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseAllExceptAsync(IReadOnlySet<int> keep, CancellationToken cancellationToken)
    {
        var prefix = "refs/heads/" + RefNames.LaneBranches;
        var found = new SortedSet<int>();
        foreach (var lane in await _repository.ListRefsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (int.TryParse(lane.Name[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                found.Add(n);
            }
        }

        var folder = Path.Combine(_root, RelativePath);
        if (Directory.Exists(folder))
        {
            foreach (var lane in Directory.EnumerateDirectories(folder))
            {
                if (int.TryParse(Path.GetFileName(lane), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    found.Add(n);
                }
            }
        }

        foreach (var n in found.Where(n => !keep.Contains(n)))
        {
            await CloseAsync(n, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<byte[]?> ReadAsync(string relativePath, CancellationToken cancellationToken)
    {
        var output = await _git.TryAsync(["cat-file", "blob", $"refs/heads/{_branch}:{relativePath}"], cancellationToken).ConfigureAwait(false);
        return output.ExitCode == 0 ? Encoding.UTF8.GetBytes(output.Stdout) : null;
    }

    public async Task<string> TipAsync(CancellationToken cancellationToken) =>
        await _repository.ResolveAsync("refs/heads/" + _branch, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"the run's branch {_branch} is gone");

    public Task<IntegrationOutcome> IntegrateAsync(IntegrationItem item, CancellationToken cancellationToken) =>
        _queue.IntegrateAsync(item, cancellationToken);

    public void Dispose() => _queue.Dispose();
}
