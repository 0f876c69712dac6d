using System.Globalization;
using System.Text.Json.Serialization;

namespace Pace.Adapters.Storage;

/// <summary>Who holds a <see cref="RunLock"/>: what <c>.pace/lock</c> contains.</summary>
public sealed record RunLockHolder(int Pid, string? StartTime, string Host, string Command, DateTimeOffset AcquiredAt, string Token)
{
    public override string ToString() =>
        $"pid {Pid} on {Host} running '{Command}' since {AcquiredAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC";

    /// <summary>The process start time as the kernel counts it (clock ticks after boot, field 22 of /proc/PID/stat), or null off Linux or when the process is gone.</summary>
    internal static string? StartTimeOf(int pid) => ReadStat(pid) is { } stat ? stat.StartTime : null;

    /// <summary>
    /// Whether this holder's process still runs. A holder on another host cannot be checked and
    /// counts as running. On Linux a pid that now belongs to a process started at another time
    /// (the pid was reused) or a zombie counts as gone.
    /// </summary>
    internal bool IsRunning()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return true;
        }

        if (!OperatingSystem.IsLinux())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(Pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }

        return ReadStat(Pid) is { } stat && stat.State is not ('Z' or 'X') && (StartTime is null || stat.StartTime == StartTime);
    }

    private static (char State, string StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        return fields.Length > 19 && fields[0].Length == 1 ? (fields[0][0], fields[19]) : null;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RunLockHolder))]
internal sealed partial class RunLockJson : JsonSerializerContext;
