using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pace.Adapters.Processes;

public static partial class ProcessRunner
{
    private const int SigKill = 9;

    private const int SigInt = 2;

    private const int SigTerm = 15;

    private static readonly string? Setsid = FindSetsid();

    private static string? FindSetsid()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var candidate in new[] { "/usr/bin/setsid", "/bin/setsid" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void KillTree(Process process, bool ownGroup)
    {
        if (ownGroup)
        {
            KillGroup(process.Id);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Sends process <paramref name="pid"/> SIGINT (Ctrl-C); false when it cannot be signalled (gone, or not ours).</summary>
    public static bool Interrupt(int pid) => pid > 0 && NativeMethods.Kill(pid, SigInt) == 0;

    /// <summary>
    /// Sends process <paramref name="pid"/> SIGTERM, which Pace handles as Ctrl-C (docs/exit-codes.md: 143);
    /// unlike SIGINT it is not ignored by a process a script started in the background.
    /// </summary>
    public static bool Terminate(int pid) => pid > 0 && NativeMethods.Kill(pid, SigTerm) == 0;

    /// <summary>The program that starts a command in a session of its own (no terminal's Ctrl-C reaches it), or null where there is none.</summary>
    public static string? SessionLeader => Setsid;

    /// <summary>setsid made the child the leader of its own group, whose id is the child's pid.</summary>
    private static void KillGroup(int pid)
    {
        if (Setsid is not null && pid > 0)
        {
            _ = NativeMethods.Kill(-pid, SigKill);
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        internal static partial int Kill(int pid, int signal);
    }
}
