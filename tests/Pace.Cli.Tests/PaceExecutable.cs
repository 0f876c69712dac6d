using System.Runtime.InteropServices;

namespace Pace.Cli.Tests;

/// <summary>
/// The pace that the process tests start: 'dotnet pace.dll' of this build, or the executable named by
/// the environment variable PACE_TEST_BINARY (scripts/test.sh sets it to the published Native AOT
/// binary, so that the same tests check the binary users install). Read here only; never passed on.
/// </summary>
internal static class PaceExecutable
{
    public const string Variable = "PACE_TEST_BINARY";

    private static readonly string? Binary = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>The dotnet host of the runtime running the tests: .../dotnet/shared/Microsoft.NETCore.App/VERSION/ is three levels below it.</summary>
    private static readonly string Dotnet = FindDotnet();

    /// <summary>The file to start and its arguments, for pace with <paramref name="args"/>.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command(IReadOnlyList<string> args) =>
        Binary is { } binary
            ? (binary, args)
            : (Dotnet, [Path.Combine(AppContext.BaseDirectory, "pace.dll"), .. args]);

    private static string FindDotnet()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var candidate = Path.Combine(root, name);
        return File.Exists(candidate) ? candidate : name;
    }
}
