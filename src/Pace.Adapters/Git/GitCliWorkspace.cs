using System.Globalization;
using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Adapters.Git;

/// <summary>
/// <see cref="IWorkspace"/> over the git command line. The environment given here reaches every git
/// command: Pace passes the author, committer and dates it wants its commits to carry (and tests
/// pass an isolated configuration). The process's own environment is never changed.
/// </summary>
public sealed partial class GitCliWorkspace : IWorkspace
{
    // Fields of one commit in `git log` output: unit separator between fields, record separator after.
    private const string LogFormat = "--format=%H%x1f%s%x1f%b%x1f%cI%x1e";

    private readonly GitCli _git;
    private RepositoryFacts? _facts;
    private int _commits;

    public GitCliWorkspace(string root, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // Every workspace command works on the local repository and its files.
        _git = new GitCli(root, environment, localOnly: true);
    }

    public string Root => _git.Root;

    public async Task<string> HeadAsync(CancellationToken cancellationToken) =>
        (await _git.RunAsync(["rev-parse", "--verify", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false)).Text;

    public async Task<string?> CurrentBranchAsync(CancellationToken cancellationToken)
    {
        var output = await _git.TryAsync(["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken).ConfigureAwait(false);
        return output.ExitCode switch
        {
            0 => output.Text,
            1 => null,
            _ => throw _git.Failure(["symbolic-ref", "--quiet", "--short", "HEAD"], output),
        };
    }

    /// <summary>
    /// Stages everything (ignored files excepted) and commits, even when nothing changed, without running
    /// hooks. The commit is read from git's summary line (full ids asked for), so no second process asks for HEAD.
    /// git's housekeeping check after a commit (`maintenance run --auto`, a process of its own) runs on
    /// this workspace's first commit and every tenth after it.
    /// </summary>
    public async Task<string> CommitAllAsync(string message, CancellationToken cancellationToken)
    {
        var hashLength = (await FactsAsync(cancellationToken).ConfigureAwait(false)).HashLength;
        string[] housekeeping = _commits++ % 10 == 0 ? [] : ["-c", "maintenance.auto=false"];
        await _git.RunAsync(["add", "--all"], cancellationToken).ConfigureAwait(false);
        var output = await _git.RunAsync(["-c", "commit.gpgsign=false", "-c", $"core.abbrev={hashLength}", .. housekeeping, "commit", "--no-verify", "--allow-empty", "--cleanup=strip", "--file=-"], cancellationToken, input: message).ConfigureAwait(false);
        return CommitSummary.Commit(output.Stdout, hashLength) ?? await HeadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Without hooks, keeping the message as it is (trailers included), even when nothing changed.</summary>
    public async Task<string> AmendAllAsync(CancellationToken cancellationToken)
    {
        await _git.RunAsync(["add", "--all"], cancellationToken).ConfigureAwait(false);
        await _git.RunAsync(["-c", "commit.gpgsign=false", "commit", "--quiet", "--amend", "--no-edit", "--no-verify", "--allow-empty"], cancellationToken).ConfigureAwait(false);
        return await HeadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where the index is and how long object ids are: fixed for a working tree, so asked once.</summary>
    private async Task<RepositoryFacts> FactsAsync(CancellationToken cancellationToken)
    {
        if (_facts is null)
        {
            var lines = (await _git.RunAsync(["rev-parse", "--path-format=absolute", "--git-path", "index", "--show-object-format"], cancellationToken).ConfigureAwait(false)).Text.Split('\n');
            _facts = new RepositoryFacts(lines[0], lines.Length > 1 && lines[1].Trim() == "sha256" ? 64 : 40);
        }

        return _facts;
    }

    /// <summary>Empty when HEAD has no commit yet.</summary>
    public async Task<IReadOnlyList<CommitInfo>> LogAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }

        // One process in the usual case; only a failed log asks whether HEAD has a commit at all.
        string[] arguments = ["log", $"--max-count={max}", LogFormat, "HEAD", "--"];
        var output = await _git.TryAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == 0)
        {
            return ParseLog(output.Stdout);
        }

        return await HasHeadAsync(cancellationToken).ConfigureAwait(false) ? throw _git.Failure(arguments, output) : [];
    }

    public async Task<CommitInfo?> FindCommitAsync(string sinceCommit, string text, CancellationToken cancellationToken)
    {
        List<string> arguments = ["log", LogFormat];
        // git greps line by line, so only single-line text can narrow the search; the final check is ours.
        if (!text.Contains('\n', StringComparison.Ordinal))
        {
            arguments.AddRange(["--fixed-strings", $"--grep={text}"]);
        }

        arguments.AddRange([$"{sinceCommit}..HEAD", "--"]);
        var output = await _git.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        return ParseLog(output.Stdout).FirstOrDefault(c => $"{c.Subject}\n\n{c.Body}".Contains(text, StringComparison.Ordinal));
    }

    private async Task<bool> HasHeadAsync(CancellationToken cancellationToken) =>
        (await _git.TryAsync(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    private static List<CommitInfo> ParseLog(string stdout)
    {
        var commits = new List<CommitInfo>();
        foreach (var record in stdout.Split('\x1e'))
        {
            var fields = record.TrimStart('\n').Split('\x1f');
            if (fields.Length < 4)
            {
                continue;
            }

            var date = DateTimeOffset.Parse(fields[3].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None);
            commits.Add(new CommitInfo(fields[0], fields[1], fields[2].TrimEnd('\n'), date));
        }

        return commits;
    }
}
