using System.Collections.Concurrent;

namespace Pace.Adapters.Git;

/// <summary>
/// One change to a repository's worktree registry (<c>.git/worktrees/</c>) at a time in this process.
/// Git does not guard the registry against two commands at once: an add reads every other entry and
/// fails on one that another add has half written ("failed to read .../commondir"), which parallel
/// spec tasks making their proof trees met. Other processes are kept out by Pace's run lock.
/// </summary>
internal static class WorktreeRegistry
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Holds the registry of the repository whose common git folder is <paramref name="commonDir"/> until disposed.</summary>
    public static async Task<IDisposable> HoldAsync(string commonDir, CancellationToken cancellationToken)
    {
        var gate = Gates.GetOrAdd(Path.TrimEndingDirectorySeparator(Path.GetFullPath(commonDir)), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
