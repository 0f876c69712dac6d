using System.Diagnostics;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>A PostgreSQL cluster of the test's own (scripts/postgres.sh), for tests that restart the server: the shared one stays up for the others.</summary>
internal sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string _folder;

    private PrivateCluster(string folder, string connectionString, string passwordFile)
    {
        _folder = folder;
        ConnectionString = connectionString;
        PasswordFile = passwordFile;
    }

    /// <summary>Without the password: it is in <see cref="PasswordFile"/>.</summary>
    public string ConnectionString { get; }

    public string PasswordFile { get; }

    private static string Script
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                var script = Path.Combine(folder.FullName, "scripts", "postgres.sh");
                if (File.Exists(script))
                {
                    return script;
                }
            }

            throw new InvalidOperationException("scripts/postgres.sh not found above " + AppContext.BaseDirectory);
        }
    }

    public static Task<PrivateCluster> StartAsync() => StartOnAsync(null, null);

    /// <summary>A cluster started inside network namespace <paramref name="space"/>, listening on <paramref name="address"/> (port 5432) for its subnet; null: this host's loopback.</summary>
    public static async Task<PrivateCluster> StartOnAsync(string? space, string? address)
    {
        var folder = Directory.CreateTempSubdirectory("pace-cluster-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The cluster's owner (not root) must reach the folder inside.
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }
        await RunAsync("start", Path.Combine(folder, "cluster"), space, address);
        var env = File.ReadAllLines(Path.Combine(folder, "cluster", "env"))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('"'));
        return new PrivateCluster(folder, env["PACE_TEST_POSTGRES"], env["PGPASSFILE"]);
    }

    public Task RestartAsync() => RunAsync("restart", Path.Combine(_folder, "cluster"));

    public async ValueTask DisposeAsync()
    {
        await RunAsync("stop", Path.Combine(_folder, "cluster"));
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task RunAsync(string action, string cluster, string? space = null, string? address = null)
    {
        var start = space is null
            ? new ProcessStartInfo("bash", [Script, action, cluster])
            : new ProcessStartInfo("ip", ["netns", "exec", space, "bash", Script, action, cluster]);
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        if (address is not null)
        {
            start.Environment["PACE_PG_LISTEN"] = address;
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {action} failed ({process.ExitCode}): {errors}");
        }
    }
}
