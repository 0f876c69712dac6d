using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Pace.Adapters.Storage;

/// <summary>
/// The part of the run lock that no file operation can undo: on Linux a Unix socket bound to a name
/// in the abstract namespace, derived from the repository's path. The kernel holds the name while
/// the socket is open and frees it when the process ends, however it ends; there is no file an agent
/// could delete to let a second Pace in. The socket is close-on-exec, so agents and checks do not
/// inherit it. Elsewhere an exclusive open of a file inside the git folder stands in (weaker: that
/// file can be deleted).
/// </summary>
internal sealed class HostLock : IDisposable
{
    private readonly IDisposable _held;

    private HostLock(IDisposable held) => _held = held;

    /// <summary>The lock for <paramref name="repositoryRoot"/>, or null when another process on this host holds it.</summary>
    public static HostLock? TryTake(string repositoryRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        return OperatingSystem.IsLinux() ? TryBind(full) : TryOpen(full);
    }

    public void Dispose() => _held.Dispose();

    private static HostLock? TryBind(string root)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..32];
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint("\0pace-run-lock-" + hash));
            return new HostLock(socket);
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
            return new HostLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }
}
