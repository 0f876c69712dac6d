using Pace.Adapters.Processes;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;

namespace Pace.Cli.Commands;

/// <summary>
/// The repository a command works in, and Pace's own files (state, worktrees, forge) kept out of
/// git status without touching the project's .gitignore.
/// </summary>
internal static class GitExclude
{
    /// <summary>The repository's top folder; a clear error naming <paramref name="why"/> when there is none.</summary>
    public static async Task<string> RootAsync(string folder, string why, CancellationToken cancellationToken)
    {
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(new ProcessSpec("git", ["rev-parse", "--show-toplevel"], folder), cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? Path.GetFullPath(stdout.Trim())
            : throw new InputException($"{folder} is not in a git repository ({stderr.Trim()}); {why}, so run 'git init' and commit the project first");
    }

    public static async Task AddAsync(string root, IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        var (_, stdout, _) = await ProcessRunner.CaptureAsync(new ProcessSpec("git", ["rev-parse", "--git-path", "info/exclude"], root), cancellationToken).ConfigureAwait(false);
        var path = Path.GetFullPath(stdout.Trim(), root);
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : "";
        var present = text.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var missing = patterns.Select(p => "/" + p).Where(p => !present.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            var prefix = text.Length == 0 || text.EndsWith('\n') ? "" : "\n";
            AtomicFile.WriteAllText(path, text + prefix + "# Pace's own files\n" + string.Join("\n", missing) + "\n");
        }
    }
}
