using Pace.Adapters.Fleet;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>What <c>pace fleet status</c> reads, on a real PostgreSQL: read-only, and a database without a fleet said to be one.</summary>
public sealed class FleetStatusTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_without_the_fleet_is_reported_as_such_and_left_without_its_schema()
    {
        await using var database = await TestDatabase.CreateAsync();

        var report = await FleetStatus.ReadAsync(database.Source, Token);

        report.SchemaVersion.ShouldBe(0);
        await using var schema = database.Source.CreateCommand("SELECT count(*) FROM pg_namespace WHERE nspname = 'pace_fleet'");
        (await schema.ExecuteScalarAsync(Token)).ShouldBe(0L);
    }

    [Fact]
    public async Task Workers_runs_and_leases_are_read_as_they_are()
    {
        await using var database = await TestDatabase.CreateAsync();
        await FleetSchema.MigrateAsync(database.Source, Token);
        var work = new FleetWork(database.Source);
        await work.RegisterAsync("w1", "host-a", 2, Token);
        await work.RegisterAsync("w2", "host-b", 1, Token);
        await work.SeenAsync("w2", stopped: true, Token);
        await work.PublishAsync([new("run-1", "F1", "feature", "{}"), new("run-1", "F2", "feature", "{}"), new("run-2", "T1", "task", "{}")], Token);
        var claim = (await work.ClaimAsync("w1", TimeSpan.FromMinutes(5), Token))!;
        await work.CompleteAsync((await work.ClaimAsync("w1", TimeSpan.FromMinutes(5), Token))!, "{}", Token);

        var report = await FleetStatus.ReadAsync(database.Source, Token);

        report.SchemaVersion.ShouldBe(FleetSchema.Version);
        report.Workers.Select(w => (w.Id, w.Host, w.Slots, w.StoppedAt is null)).ShouldBe([("w1", "host-a", 2, true), ("w2", "host-b", 1, false)]);
        report.Runs.ShouldBe([new FleetRunRow("run-1", 0, 1, 1), new FleetRunRow("run-2", 1, 0, 0)]);
        var lease = report.Leases.ShouldHaveSingleItem();
        (lease.Item, lease.Worker, lease.Fence).ShouldBe((claim.Work.Item, "w1", 1L));
        lease.LeaseUntil.ShouldBeGreaterThan(report.At);
    }
}
