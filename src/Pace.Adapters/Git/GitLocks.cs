using System.Text.RegularExpressions;

namespace Pace.Adapters.Git;

/// <summary>
/// Git's lock files (index.lock, HEAD.lock, a ref's .lock) that a git process killed in the middle of
/// a command left behind: a kill of Pace's whole process group (a supervisor, the OOM killer) ends
/// its git commands too, and git cannot remove its lock on SIGKILL. Such a lock stops every later
/// command in that worktree until someone deletes it.
/// </summary>
internal static partial class GitLocks
{
    /// <summary>The lock file git could not take, from its message ("Unable to create '/r/.git/index.lock': File exists."); null if it names none.</summary>
    public static string? Taken(string stderr) =>
        LockMessage().Match(stderr) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// Removes <paramref name="lockFile"/> when no git process runs where it could hold it: in its
    /// worktree (for a worktree's own index.lock or HEAD.lock) or anywhere in the repository (for a
    /// ref or the main worktree). Only where /proc tells which processes run where (Linux); elsewhere
    /// nothing is removed and the caller reports git's error.
    /// </summary>
    /// <returns>Whether the lock was removed.</returns>
    public static bool RemoveIfStale(string lockFile)
    {
        var marker = lockFile.IndexOf("/.git/", StringComparison.Ordinal);
        if (marker < 0 || !lockFile.EndsWith(".lock", StringComparison.Ordinal) || !Directory.Exists("/proc/self"))
        {
            return false;
        }

        var scope = WorktreeOf(lockFile) ?? lockFile[..marker];
        if (GitProcessesIn(scope))
        {
            return false;
        }

        try
        {
            File.Delete(lockFile);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>For a linked worktree's own lock (.git/worktrees/ID/index.lock), that worktree's folder (from .git/worktrees/ID/gitdir).</summary>
    private static string? WorktreeOf(string lockFile)
    {
        var folder = Path.GetDirectoryName(lockFile)!;
        if (Path.GetFileName(Path.GetDirectoryName(folder)) != "worktrees" || !File.Exists(Path.Combine(folder, "gitdir")))
        {
            return null;
        }

        var gitFile = File.ReadAllText(Path.Combine(folder, "gitdir")).Trim();
        return Path.GetDirectoryName(gitFile);
    }

    /// <summary>Whether a process named git works in <paramref name="folder"/> or below it (its current directory, which <c>git -C</c> sets).</summary>
    private static bool GitProcessesIn(string folder)
    {
        var root = folder.TrimEnd('/');
        var prefix = root + "/";
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
            {
                continue;
            }

            try
            {
                if (!File.ReadAllText(Path.Combine(process, "comm")).StartsWith("git", StringComparison.Ordinal))
                {
                    continue;
                }

                var cwd = new DirectoryInfo(Path.Combine(process, "cwd")).LinkTarget;
                if (cwd is not null && (cwd == root || cwd.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's: not one of ours.
            }
        }

        return false;
    }

    [GeneratedRegex("Unable to create '([^']+\\.lock)': File exists")]
    private static partial Regex LockMessage();
}
