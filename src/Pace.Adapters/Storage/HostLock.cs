using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Pace.Adapters.Storage;

/// <summary>
/// The part of the run lock that no file operation can undo: on Linux a Unix socket bound to a name
/// in the abstract namespace, derived from the repository's path. The kernel holds the name while
/// the socket is open and frees it when the process ends, however it ends; there is no file an agent
/// could delete to let a second Pace in. The socket is close-on-exec, so agents and checks do not
/// inherit it (a child holds a copy only from its fork to its exec, which is why a lock just
/// released can look held for a moment: see <see cref="RunLock"/>). Elsewhere an exclusive open of a file inside the git folder stands in (weaker: that
/// file can be deleted).
/// </summary>
internal sealed class HostLock : IDisposable
{
    /// <summary>The locks this process holds, by repository root.</summary>
    private static readonly ConcurrentDictionary<string, HostLock> HeldHere = new(StringComparer.Ordinal);

    private readonly string _root;
    private readonly IDisposable _held;

    private HostLock(string root, IDisposable held)
    {
        _root = root;
        _held = held;
    }

    /// <summary>The lock for <paramref name="repositoryRoot"/>, or null when another process on this host holds it (or this one does).</summary>
    public static HostLock? TryTake(string repositoryRoot)
    {
        var root = RootOf(repositoryRoot);
        var taken = OperatingSystem.IsLinux() ? TryBind(root) : TryOpen(root);
        if (taken is not null)
        {
            HeldHere[root] = taken;
        }

        return taken;
    }

    /// <summary>Whether this process holds the lock for <paramref name="repositoryRoot"/> and has not released it.</summary>
    public static bool IsHeldHere(string repositoryRoot) => HeldHere.ContainsKey(RootOf(repositoryRoot));

    public void Dispose()
    {
        // Forgotten before it is let go, so that a lock no longer held is never refused as this process's own.
        HeldHere.TryRemove(new KeyValuePair<string, HostLock>(_root, this));
        _held.Dispose();
    }

    private static string RootOf(string repositoryRoot) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));

    private static HostLock? TryBind(string root)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..32];
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint("\0pace-run-lock-" + hash));
            return new HostLock(root, socket);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            return null;
        }
    }

    private static HostLock? TryOpen(string root)
    {
        var path = Path.Combine(root, ".git", "pace-run.lock");
        try
        {
            return new HostLock(root, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }
}
