namespace Pace.Adapters.Git;

/// <summary>A merge left in progress, and a commit's changes applied without a commit.</summary>
public sealed partial class GitCliWorkspace
{
    public async Task<bool> MergingAsync(CancellationToken cancellationToken) =>
        (await _git.TryAsync(["rev-parse", "--verify", "--quiet", "MERGE_HEAD"], cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    public async Task AbortMergeAsync(CancellationToken cancellationToken) =>
        await _git.RunAsync(["merge", "--abort"], cancellationToken).ConfigureAwait(false);

    public async Task<bool> ApplyAsync(string commit, CancellationToken cancellationToken) =>
        (await _git.TryAsync(["-c", "commit.gpgsign=false", "cherry-pick", "--no-commit", $"{commit}^{{commit}}"], cancellationToken).ConfigureAwait(false)).ExitCode == 0;
}
