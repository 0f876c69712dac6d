using Pace.Adapters.Git;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Specs;

/// <summary>
/// The branch a spec run starts from and merges its final pull request into, chosen once when the
/// run starts and kept in its state (<c>target_branch</c>), so that a resume uses the same one:
/// the spec's <c>base_branch</c>, else pace.json's <c>pace.spec.targetBranch</c>, else the
/// repository's default branch: the remote's HEAD (<c>origin</c>, or the only remote), else the
/// branch checked out. A fixed "main" stopped every spec on a repository made with plain
/// <c>git init</c>, whose branch is master.
/// </summary>
public sealed record SpecTargetBranch(string Branch, string Reason)
{
    public const string FromSpec = "named by the spec's base_branch";

    public const string FromSettings = "named by pace.json's pace.spec.targetBranch";

    public const string FromRemote = "the remote's default branch";

    public const string FromCheckout = "the branch checked out when the run started";

    /// <exception cref="InputException">No branch can be chosen (a detached HEAD and no remote HEAD), or the chosen one does not exist.</exception>
    public static async Task<SpecTargetBranch> ChooseAsync(string repoRoot, string? fromSpec, string? fromSettings, CancellationToken cancellationToken)
    {
        var git = new GitCli(repoRoot, null, localOnly: true);
        var choice = fromSpec is not null ? new SpecTargetBranch(fromSpec, FromSpec)
            : fromSettings is not null ? new SpecTargetBranch(fromSettings, FromSettings)
            : await RemoteHeadAsync(git, cancellationToken).ConfigureAwait(false)
              ?? await CheckedOutAsync(git, cancellationToken).ConfigureAwait(false)
              ?? throw new InputException($"cannot choose the spec's target branch in {repoRoot}: HEAD is detached and no remote names a default branch; "
                  + "check out the branch the spec should merge into, or name it (\"base_branch\" in a native spec, or pace.spec.targetBranch in pace.json)");

        var exists = await git.TryAsync(["show-ref", "--verify", "--quiet", "refs/heads/" + choice.Branch], cancellationToken).ConfigureAwait(false);
        if (exists.ExitCode != 0)
        {
            throw new InputException($"the spec's target branch {choice.Branch} ({choice.Reason}) does not exist in {repoRoot}"
                + (choice.Reason == FromCheckout ? " (it has no commit yet: commit first)" : "") + "; nothing was run or written");
        }

        return choice;
    }

    /// <summary>Why <paramref name="branch"/> was (most likely) the target a run chose: the doctor's reading, without the run's moment.</summary>
    public static string Explain(string branch, string? fromSpec, string? fromSettings) =>
        branch == fromSpec ? FromSpec
        : fromSpec is null && branch == fromSettings ? FromSettings
        : "the repository's default branch when the run started; the spec and pace.json name none";

    private static async Task<SpecTargetBranch?> RemoteHeadAsync(GitCli git, CancellationToken cancellationToken)
    {
        var remotes = (await git.TryAsync(["remote"], cancellationToken).ConfigureAwait(false)).Text
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var remote = remotes.Contains("origin") ? "origin" : remotes.Length == 1 ? remotes[0] : null;
        if (remote is null)
        {
            return null;
        }

        var head = await git.TryAsync(["symbolic-ref", "--quiet", "--short", $"refs/remotes/{remote}/HEAD"], cancellationToken).ConfigureAwait(false);
        return head.ExitCode == 0 && head.Text.StartsWith(remote + "/", StringComparison.Ordinal)
            ? new SpecTargetBranch(head.Text[(remote.Length + 1)..], $"{FromRemote} ({remote}/HEAD)")
            : null;
    }

    private static async Task<SpecTargetBranch?> CheckedOutAsync(GitCli git, CancellationToken cancellationToken)
    {
        var head = await git.TryAsync(["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken).ConfigureAwait(false);
        return head.ExitCode == 0 && head.Text.Length > 0 ? new SpecTargetBranch(head.Text, FromCheckout) : null;
    }
}
