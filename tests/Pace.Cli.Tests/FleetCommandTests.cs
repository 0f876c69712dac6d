using System.Text.Json;
using Npgsql;
using Pace.Adapters.Fleet;

namespace Pace.Cli.Tests;

/// <summary>`pace fleet status` as a process against the test run's PostgreSQL (scripts/test.sh starts it; docs/fleet.md).</summary>
public sealed class FleetCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Server => Environment.GetEnvironmentVariable("PACE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("PACE_TEST_POSTGRES is not set: the fleet tests need the PostgreSQL that scripts/test.sh starts (docs/fleet.md)");

    [Fact]
    public async Task Status_shows_the_workers_runs_and_leases_in_text_and_in_json()
    {
        var name = "pace_cli_" + Guid.NewGuid().ToString("N")[..12];
        await using var server = FleetDatabase.Open(Server);
        await using (var create = server.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync(Token);
        }

        var connection = new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString;
        try
        {
            await using (var database = FleetDatabase.Open(connection))
            {
                await FleetSchema.MigrateAsync(database, Token);
                var work = new FleetWork(database);
                await work.RegisterAsync("worker-1", "host-a", 2, Token);
                await work.PublishAsync([new("run-1", "F1", "feature", "{}"), new("run-1", "F2", "feature", "{}")], Token);
                await work.ClaimAsync("worker-1", TimeSpan.FromMinutes(10), Token);
            }

            using var folder = new TempFolder();
            var text = await Pace.RunAsync(folder.Path, "fleet", "status", "--fleet", connection);
            var json = await Pace.RunAsync(folder.Path, "fleet", "status", "--fleet", connection, "--json");

            text.ExitCode.ShouldBe(0, text.ToString());
            text.Stdout.ShouldContain("Workers: 1 running, 0 stopped");
            text.Stdout.ShouldContain("worker-1 on host-a, 2 slots: seen ");
            text.Stdout.ShouldContain("run-1: 0 done, 1 running, 1 waiting");
            text.Stdout.ShouldContain("run-1 feature F1: worker-1 (fence 1), ");
            json.ExitCode.ShouldBe(0, json.ToString());
            using var report = JsonDocument.Parse(json.Stdout);
            var root = report.RootElement;
            root.GetProperty("schemaVersion").GetInt32().ShouldBe(FleetSchema.Version);
            root.GetProperty("workers")[0].GetProperty("id").GetString().ShouldBe("worker-1");
            root.GetProperty("runs")[0].GetProperty("ready").GetInt32().ShouldBe(1);
            root.GetProperty("leases")[0].GetProperty("item").GetString().ShouldBe("F1");
        }
        finally
        {
            await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_connection_string_with_a_password_is_refused_with_exit_2_and_the_password_is_not_repeated()
    {
        using var folder = new TempFolder();

        var run = await Pace.RunAsync(folder.Path, "fleet", "status", "--fleet", "Host=127.0.0.1;Username=pace;Password=tr0ub4dor-and-3");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("holds a password");
        (run.Stdout + run.Stderr).ShouldNotContain("tr0ub4dor");
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_gives_exit_1_and_says_so()
    {
        using var folder = new TempFolder();

        var run = await Pace.RunAsync(folder.Path, "fleet", "status", "--fleet", "Host=127.0.0.1;Port=1;Username=pace;Timeout=3");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("pace: cannot read the fleet database: ");
    }
}
