using System.Globalization;
using System.Runtime.InteropServices;

namespace Pace.Adapters.Agents;

/// <summary>
/// Agents a killed Pace left running. An agent runs in a process group of its own (setsid), so a
/// SIGKILLed Pace cannot take it down, and it would go on writing into the tree the next run works
/// in. While a session runs, <c>TRANSCRIPT.pid</c> holds the group id and the leader's start time;
/// the next run ends every group still recorded. The start time guards against a reused pid: a group
/// whose leader now is another process is left alone.
/// </summary>
public static partial class LeftoverAgents
{
    private const int SigKill = 9;
    private static readonly TimeSpan GoneLimit = TimeSpan.FromSeconds(5);

    /// <summary>Where a session records its agent's process group: beside the transcript.</summary>
    public static string PidPathFor(string transcriptPath) => transcriptPath + ".pid";

    /// <summary>Records a running agent's group (Linux only; elsewhere there is no group to end).</summary>
    internal static void Record(string transcriptPath, int pid)
    {
        // Called right after the start: setsid may not have made the child a group leader yet, but it
        // will (the group id becomes the pid), and the start time does not change at exec.
        if (ProcStat.Read(pid) is { } stat)
        {
            File.WriteAllText(PidPathFor(transcriptPath), $"{pid} {stat.StartTime}\n");
        }
    }

    internal static void Forget(string transcriptPath) => File.Delete(PidPathFor(transcriptPath));

    /// <summary>Ends the recorded groups under <paramref name="folder"/> that still run, waits until they are gone, and returns their ids.</summary>
    public static async Task<IReadOnlyList<int>> EndAllAsync(string folder, CancellationToken cancellationToken)
    {
        var ended = new List<int>();
        if (!Directory.Exists(folder))
        {
            return ended;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.pid", SearchOption.AllDirectories))
        {
            var fields = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 2 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var group) && group > 1
                && Members(group, fields[1]).Count > 0)
            {
                _ = NativeMethods.Kill(-group, SigKill);
                await WaitUntilGoneAsync(group, fields[1], cancellationToken).ConfigureAwait(false);
                ended.Add(group);
            }

            File.Delete(file);
        }

        return ended;
    }

    /// <summary>
    /// The live processes of the group. When the leader still runs it must be the one recorded (same
    /// start time); when it is gone, its children that kept the group and session count.
    /// </summary>
    private static List<int> Members(int group, string leaderStart)
    {
        if (ProcStat.Read(group) is { } leader && leader.IsAlive)
        {
            return leader.StartTime == leaderStart && leader.Group == group ? [group] : [];
        }

        return [.. ProcStat.All().Where(p => p.Stat.IsAlive && p.Stat.Group == group && p.Stat.Session == group).Select(p => p.Pid)];
    }

    private static async Task WaitUntilGoneAsync(int group, string leaderStart, CancellationToken cancellationToken)
    {
        // SIGKILL is delivered at once, but the processes vanish (or turn zombie) a moment later.
        var deadline = DateTime.UtcNow + GoneLimit;
        while (Members(group, leaderStart).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        internal static partial int Kill(int pid, int signal);
    }
}
