using System.Globalization;

namespace Pace.Cli.Commands;

/// <summary>
/// The checkpoints of a spec run, for the crash tests. PACE_CHECKPOINT_LOG names a file to which
/// every checkpoint reached is appended as a line (its name). PACE_CRASH_AT names where the process
/// kills itself: "#N" (the Nth checkpoint of this process), "name@K" (the Kth time it reaches the
/// checkpoint called name: tasks run in parallel, so only a name and its count are the same in every
/// run), or "name" (that checkpoint, or one whose name goes on after "name:").
/// </summary>
internal static class SpecCrashPoints
{
    /// <summary>One hook for the executor and the effects, so that "#N" counts every checkpoint once.</summary>
    public static Action<string> Create()
    {
        var target = Environment.GetEnvironmentVariable(LoopHost.CrashVariable);
        var log = Environment.GetEnvironmentVariable(LoopHost.CheckpointLogVariable);
        if (string.IsNullOrEmpty(target) && string.IsNullOrEmpty(log))
        {
            return _ => { };
        }

        var gate = new Lock();
        var reached = 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        return step =>
        {
            // Tasks reach checkpoints from parallel sessions: one at a time, so the log's lines and the counts stay whole.
            lock (gate)
            {
                reached++;
                counts[step] = counts.GetValueOrDefault(step) + 1;
                if (!string.IsNullOrEmpty(log))
                {
                    File.AppendAllText(log, step + "\n");
                }

                if (Hits(target, step, reached, counts[step]))
                {
                    // The abrupt end the crash tests need: no finally blocks, no flushing, like kill -9.
                    System.Diagnostics.Process.GetCurrentProcess().Kill();
                }
            }
        };
    }

    private static bool Hits(string? target, string step, int reached, int occurrence)
    {
        if (string.IsNullOrEmpty(target))
        {
            return false;
        }

        if (target.StartsWith('#'))
        {
            return target == "#" + reached.ToString(CultureInfo.InvariantCulture);
        }

        var at = target.LastIndexOf('@');
        if (at > 0 && int.TryParse(target.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return target[..at] == step && count == occurrence;
        }

        return step == target || step.StartsWith(target + ":", StringComparison.Ordinal);
    }
}
