using Pace.Adapters.Processes;
using Pace.Adapters.Storage;

namespace Pace.Cli.Commands;

/// <summary>Keeps Pace's own files (state, worktrees, forge) out of git status without touching the project's .gitignore.</summary>
internal static class GitExclude
{
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
