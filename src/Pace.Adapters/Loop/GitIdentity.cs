using Pace.Adapters.Git;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Loop;

/// <summary>
/// Whether git can name the author and committer of a commit here. Without an identity (a fresh
/// machine, a container) `git commit` fails only after an agent session was spent and verified, so
/// runs ask first. `git var` applies the same strict rules as `git commit` (configuration,
/// GIT_AUTHOR_*/GIT_COMMITTER_*, EMAIL, user.useConfigOnly, the host name), so it answers exactly as
/// the commit would.
/// </summary>
public static class GitIdentity
{
    /// <summary>The commands that fix it, for messages.</summary>
    public const string Fix = "git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.com\"\n(without --global: for this repository only)";

    /// <summary>Null when git can commit here; otherwise git's own complaint.</summary>
    public static async Task<string?> ProblemAsync(string root, CancellationToken cancellationToken)
    {
        var git = new GitCli(root, null, localOnly: true);
        foreach (var variable in (string[])["GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"])
        {
            var output = await git.TryAsync(["var", variable], cancellationToken).ConfigureAwait(false);
            if (output.ExitCode != 0)
            {
                // git explains at length ("*** Please tell me who you are." ...); its last line says what failed.
                var lines = output.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return lines.LastOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? $"git var {variable} failed";
            }
        }

        return null;
    }

    /// <exception cref="InputException">git has no identity: the message says how to set one.</exception>
    public static async Task RequireAsync(string root, string command, CancellationToken cancellationToken)
    {
        if (await ProblemAsync(root, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            throw new InputException($"git has no identity to commit with in {root} ({problem}); {command} commits its verified work, so it did not start and nothing was changed. Set one, then run it again:\n  {Fix}");
        }
    }
}
