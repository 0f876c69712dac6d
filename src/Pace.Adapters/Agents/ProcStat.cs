namespace Pace.Adapters.Agents;

/// <summary>The fields of /proc/PID/stat Pace needs: state, process group, session and start time (clock ticks after boot).</summary>
internal sealed record ProcStat(char State, int Group, int Session, string StartTime)
{
    public bool IsAlive => State is not ('Z' or 'X');

    /// <summary>Null off Linux, or when the process is gone.</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static IEnumerable<(int Pid, ProcStat Stat)> All()
    {
        if (!Directory.Exists("/proc"))
        {
            yield break;
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && Read(pid) is { } stat)
            {
                yield return (pid, stat);
            }
        }
    }

    private static ProcStat? Parse(string text)
    {
        // The command name (field 2) is in parentheses and may hold spaces or parentheses itself;
        // fields[0] is then field 3 (state), fields[2] field 5 (pgrp), fields[3] field 6 (session), fields[19] field 22 (starttime).
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19 && fields[0].Length == 1 && int.TryParse(fields[2], out var group) && int.TryParse(fields[3], out var session)
            ? new ProcStat(fields[0][0], group, session, fields[19])
            : null;
    }
}
