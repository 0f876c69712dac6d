namespace Pace.EndToEnd.Tests.Loop;

/// <summary>Live processes working in a folder (their cwd is in it), read from /proc: an agent Pace left behind shows up here.</summary>
internal static class AgentProcesses
{
    public static IReadOnlyList<string> In(string folder) => [.. Find(folder).Select(p => $"{p.Pid} {p.CommandLine}")];

    /// <summary>Ends what a test left running in its folder (a test that failed before Pace could clean up).</summary>
    public static void Kill(string folder)
    {
        foreach (var (pid, _) in Find(folder))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private static List<(int Pid, string CommandLine)> Find(string folder)
    {
        var found = new List<(int, string)>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                if (cwd is not null && state is not ('Z' or 'X') && (cwd == folder || cwd.StartsWith(folder + "/", StringComparison.Ordinal)))
                {
                    found.Add((pid, File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ').Trim()));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked, or not ours to read.
            }
        }

        return found;
    }
}
