using System.Diagnostics;
using System.Text.Json;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Storage;

/// <summary>
/// One Pace run per repository at a time. What keeps a second Pace out is a <see cref="HostLock"/>
/// that the kernel holds for the running process: deleting <c>.pace/lock</c> (an agent can) lets
/// nobody in. The file <c>.pace/lock</c> says who holds the lock, for messages and for
/// <c>pace doctor</c>, and keeps out a Pace on another host sharing the folder. The lock file is written in
/// full under a temporary name and then moved into place without overwriting (a hard link on
/// Unix), so it appears atomically and complete or not at all. A lock whose process is gone (dead
/// pid, or the pid now belongs to a process started later) is taken over, and
/// <see cref="TakenOverFrom"/> says from whom. Dispose releases the lock if it is still ours.
/// A lock held while the file names no running Pace is waited for a moment before it is refused
/// (<see cref="ReleaseGrace"/>).
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string RelativePath = ".pace/lock";

    private const int MaxAttempts = 5;

    private const int LongestPauseMilliseconds = 50;

    /// <summary>
    /// How long a host lock may still look held after its holder let go of it. Starting a process
    /// forks, and the child holds a copy of every descriptor of its parent, the host lock's among
    /// them, until its exec closes it: a Pace that released the lock while another of its threads
    /// was starting git, a check or an agent leaves the name bound that long, usually well under a
    /// millisecond (a busy host stretches it). A holder that is running, or this process holding the
    /// lock, is refused at once; only a lock whose file is gone or names an ended process is waited for.
    /// </summary>
    private static readonly TimeSpan ReleaseGrace = TimeSpan.FromSeconds(2);

    private readonly HostLock _hostLock;
    private bool _released;

    private RunLock(string path, RunLockHolder holder, RunLockHolder? takenOverFrom, HostLock hostLock)
    {
        _hostLock = hostLock;
        Path = path;
        Holder = holder;
        TakenOverFrom = takenOverFrom;
    }

    public string Path { get; }

    public RunLockHolder Holder { get; }

    /// <summary>The stale holder whose lock this one replaced, or null when the lock was free.</summary>
    public RunLockHolder? TakenOverFrom { get; }

    /// <summary>
    /// Who holds the repository's lock and whether that process still runs (a holder on another host
    /// counts as running), or null when no lock is held or its file cannot be read. For views that
    /// only show the run (the dashboard); it takes nothing.
    /// </summary>
    public static (RunLockHolder Holder, bool Running)? Peek(string repositoryRoot)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(repositoryRoot, RelativePath));
        try
        {
            return ReadExisting(path) is { } existing ? (existing.Holder, existing.Holder.IsRunning()) : null;
        }
        catch (Exception e) when (e is RunLockedException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <exception cref="RunLockedException">Another running Pace holds the lock, or the lock file cannot be read.</exception>
    public static RunLock Acquire(string repositoryRoot, string command, TimeProvider? time = null)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(repositoryRoot, RelativePath));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var pid = Environment.ProcessId;
        var me = new RunLockHolder(pid, RunLockHolder.StartTimeOf(pid), Environment.MachineName, command, (time ?? TimeProvider.System).GetUtcNow(), Guid.NewGuid().ToString("N"));
        var content = JsonSerializer.SerializeToUtf8Bytes(me, RunLockJson.Default.RunLockHolder);
        var hostLock = TakeHostLock(repositoryRoot, path);
        try
        {
            return Acquire(path, me, content, hostLock);
        }
        catch
        {
            hostLock.Dispose();
            throw;
        }
    }

    private static HostLock TakeHostLock(string repositoryRoot, string path)
    {
        var waited = Stopwatch.StartNew();
        for (var pause = 1; ; pause = Math.Min(2 * pause, LongestPauseMilliseconds))
        {
            if (HostLock.TryTake(repositoryRoot) is { } hostLock)
            {
                return hostLock;
            }

            var heldHere = HostLock.IsHeldHere(repositoryRoot);
            var holder = File.Exists(path) ? ReadExisting(path)?.Holder : null;
            // A file naming this process is a released run's (one whose file could not be deleted) unless this process holds the lock.
            var running = holder is not null && (holder.Pid == Environment.ProcessId && holder.Host == Environment.MachineName ? heldHere : holder.IsRunning());
            if (running || heldHere || waited.Elapsed >= ReleaseGrace)
            {
                throw new RunLockedException(
                    path,
                    holder,
                    holder is null ? $"another Pace is running in this repository (its lock file {path} was deleted, but the lock is held by the running process)"
                    : running ? $"another Pace is running in this repository: {holder}; the lock is {path}"
                    : $"another Pace is running in this repository (its lock file {path} names {holder}, which no longer holds it, but a running process holds the lock)");
            }

            // No event says when the kernel frees the name: the child that holds it is not ours to watch.
            Thread.Sleep(pause);
        }
    }

    /// <summary>With the host lock held, a lock file of this host is a dead run's, whatever its pid now names.</summary>
    private static RunLock Acquire(string path, RunLockHolder me, byte[] content, HostLock hostLock)
    {
        RunLockHolder? takenOver = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (TryCreate(path, content))
            {
                return new RunLock(path, me, takenOver, hostLock);
            }

            if (ReadExisting(path) is not { } existing)
            {
                continue;
            }

            if (existing.Holder.Host != Environment.MachineName && existing.Holder.IsRunning())
            {
                throw new RunLockedException(path, existing.Holder, $"another Pace is running in this repository: {existing.Holder} (on another host, so Pace cannot tell whether it still runs); the lock is {path}");
            }

            if (TryRemoveStale(path, existing.Bytes))
            {
                takenOver = existing.Holder;
            }
        }

        throw new RunLockedException(path, null, $"could not take the lock {path}: it kept changing hands");
    }

    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            // Only our own lock is removed: after a takeover by someone else the file is theirs.
            if (File.Exists(Path) && ReadExisting(Path) is { } existing && existing.Holder.Token == Holder.Token)
            {
                File.Delete(Path);
            }
        }
        finally
        {
            _hostLock.Dispose();
        }
    }

    private static bool TryCreate(string path, byte[] content)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            // Without overwrite .NET moves by link + unlink on Unix: it fails if the lock exists.
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The lock's holder, or null when the file vanished meanwhile (someone released it).</summary>
    private static (RunLockHolder Holder, byte[] Bytes)? ReadExisting(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        try
        {
            var holder = JsonSerializer.Deserialize(bytes, RunLockJson.Default.RunLockHolder);
            return holder is null ? throw new JsonException("the lock file holds null") : (holder, bytes);
        }
        catch (JsonException e)
        {
            throw new RunLockedException(path, null, $"the lock {path} cannot be read ({JsonProblem.Describe(e)}); if no Pace is running here, delete it");
        }
    }

    /// <summary>
    /// Moves the stale lock aside, then checks that what was moved is the stale lock and not one a
    /// competitor created meanwhile; that one is put back.
    /// </summary>
    private static bool TryRemoveStale(string path, byte[] staleBytes)
    {
        var aside = $"{path}.stale.{Guid.NewGuid():N}";
        try
        {
            File.Move(path, aside, overwrite: false);
        }
        catch (FileNotFoundException)
        {
            return false;
        }

        if (File.ReadAllBytes(aside).AsSpan().SequenceEqual(staleBytes))
        {
            File.Delete(aside);
            return true;
        }

        try
        {
            File.Move(aside, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(aside);
        }

        return false;
    }
}
