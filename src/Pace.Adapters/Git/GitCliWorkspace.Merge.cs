namespace Pace.Adapters.Git;

/// <summary>A commit's changes applied without a commit.</summary>
public sealed partial class GitCliWorkspace
{
    public async Task<bool> ApplyAsync(string commit, CancellationToken cancellationToken) =>
        (await _git.TryAsync(["-c", "commit.gpgsign=false", "cherry-pick", "--no-commit", $"{commit}^{{commit}}"], cancellationToken).ConfigureAwait(false)).ExitCode == 0;
}
