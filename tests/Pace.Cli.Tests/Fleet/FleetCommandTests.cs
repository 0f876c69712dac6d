using System.Text.Json;
using Pace.Adapters.Fleet;
using Pace.Adapters.Tests.Fleet;

namespace Pace.Cli.Tests.Fleet;

/// <summary>`pace fleet status` as a process against the test run's PostgreSQL (scripts/test.sh starts it; docs/fleet.md).</summary>
public sealed class FleetCommandTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_shows_the_workers_runs_and_leases_in_text_and_in_json()
    {
        await using var database = await TestDatabase.CreateAsync();
        await FleetSchema.MigrateAsync(database.Source, Token);
        var work = new FleetWork(database.Source);
        await work.RegisterAsync("worker-1", "host-a", 2, Token);
        await work.PublishAsync([new("run-1", "F1", "feature", "{}"), new("run-1", "F2", "feature", "{}")], Token);
        await work.ClaimAsync("worker-1", TimeSpan.FromMinutes(10), Token);

        using var folder = new TempFolder();
        var text = await Pace.RunAsync(folder.Path, "fleet", "status", "--fleet", database.ConnectionString);
        var json = await Pace.RunAsync(folder.Path, "fleet", "status", "--fleet", database.ConnectionString, "--json");

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
