namespace Pace.Adapters.Processes;

public static partial class ProcessRunner
{
    /// <summary>
    /// Under setsid a missing program is only setsid's exit code 127, not a start failure; look the
    /// program up first so that callers still get a <see cref="ProcessStartException"/>.
    /// </summary>
    private static void EnsureExecutableExists(ProcessSpec spec, string? setsid)
    {
        if (setsid is null)
        {
            return;
        }

        if (spec.FileName.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.Combine(spec.WorkingFolder, spec.FileName);
            if (!IsExecutableFile(path))
            {
                throw new ProcessStartException($"cannot start '{spec.FileName}': no executable file at {Path.GetFullPath(path)}");
            }

            return;
        }

        var searchPath = spec.Environment.TryGetValue("PATH", out var overridden) && overridden is not null
            ? overridden
            : Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsExecutableFile(Path.Combine(folder, spec.FileName)))
            {
                return;
            }
        }

        throw new ProcessStartException($"cannot start '{spec.FileName}': not found on PATH");
    }

    private static bool IsExecutableFile(string path) =>
        File.Exists(path)
        && (OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
