using System.Globalization;
using System.Runtime.InteropServices;

namespace Pace.Bench.Loop;

/// <summary>The machine and the date, printed above every result.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"""
            - date: {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}
            - nproc: {Environment.ProcessorCount}; CPU: {cpu ?? "unknown"}; memory: {memory ?? "unknown"}
            - runtime: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier}); {Git()}
            - load average at the start (1, 5, 15 min): {Load()}

            """;
    }

    /// <summary>Other work on the machine inflates wall times: the load beside them says how much there was.</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Git()
    {
        var (_, stdout, _) = Pace.Adapters.Processes.ProcessRunner.CaptureAsync(new("git", ["--version"], Environment.CurrentDirectory)).GetAwaiter().GetResult();
        return stdout.Trim();
    }
}
