using System.Collections.Concurrent;
using Pace.Adapters.Fleet;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>The fleet's work items on a real PostgreSQL: schema migration, claims that never overlap, leases and fences, LISTEN/NOTIFY.</summary>
public sealed class FleetWorkTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<(TestDatabase Database, FleetWork Work)> ReadyAsync() => TestDatabase.MigratedAsync();

    private static WorkItem Feature(string id) => new("run-1", id, "feature", $$"""{"base":"abc","feature":"{{id}}"}""");

    [Fact]
    public async Task The_schema_is_made_once_and_a_second_migration_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();

        var first = await FleetSchema.MigrateAsync(database.Source, Token);
        var second = await FleetSchema.MigrateAsync(database.Source, Token);

        first.ShouldBe(0);
        second.ShouldBe(FleetSchema.Version);
        await using var count = database.Source.CreateCommand("SELECT count(*) FROM pace_fleet.schema_version");
        (await count.ExecuteScalarAsync(Token)).ShouldBe(1L);
    }

    [Fact]
    public async Task A_database_a_newer_Pace_migrated_is_refused_and_left_as_it_is()
    {
        await using var database = await TestDatabase.CreateAsync();
        await FleetSchema.MigrateAsync(database.Source, Token);
        await using (var newer = database.Source.CreateCommand($"UPDATE pace_fleet.schema_version SET version = {FleetSchema.Version + 1}"))
        {
            await newer.ExecuteNonQueryAsync(Token);
        }

        var refused = await Should.ThrowAsync<FleetException>(() => FleetSchema.MigrateAsync(database.Source, Token));

        refused.Message.ShouldContain($"schema version {FleetSchema.Version + 1}, newer than this Pace knows ({FleetSchema.Version})");
        await using var version = database.Source.CreateCommand("SELECT version FROM pace_fleet.schema_version");
        (await version.ExecuteScalarAsync(Token)).ShouldBe(FleetSchema.Version + 1);
    }

    [Fact]
    public async Task Hosts_migrating_at_once_make_the_schema_once()
    {
        await using var database = await TestDatabase.CreateAsync();

        var before = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => FleetSchema.MigrateAsync(database.Source, Token)));

        before.Count(v => v == 0).ShouldBe(1);
        before.Count(v => v == FleetSchema.Version).ShouldBe(3);
    }

    [Fact]
    public async Task Workers_claiming_at_once_get_every_item_exactly_once_and_an_item_is_published_once()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        var items = Enumerable.Range(1, 30).Select(i => Feature($"F{i:00}")).ToList();
        (await work.PublishAsync(items, Token)).ShouldBe(30);
        (await work.PublishAsync(items.Take(5).ToList(), Token)).ShouldBe(0);
        var claimed = new ConcurrentBag<WorkClaim>();

        await Task.WhenAll(Enumerable.Range(1, 3).Select(w => Task.Run(async () =>
        {
            while (await work.ClaimAsync($"worker-{w}", Lease, Token) is { } claim)
            {
                claimed.Add(claim);
            }
        })));

        claimed.Select(c => c.Work.Item).Order().ShouldBe(items.Select(i => i.Item));
        claimed.ShouldAllBe(c => c.Fence == 1 && c.Work.Payload.Contains(c.Work.Item));
        (await work.ClaimAsync("worker-4", Lease, Token)).ShouldBeNull();
    }

    [Fact]
    public async Task An_item_whose_lease_ran_out_is_claimed_again_and_its_first_holder_is_refused()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([Feature("F1")], Token);
        var first = (await work.ClaimAsync("cut-off", TimeSpan.FromSeconds(1), Token))!;
        (await work.ClaimAsync("other", Lease, Token)).ShouldBeNull();

        await Task.Delay(TimeSpan.FromSeconds(1.5), Token);
        var second = (await work.ClaimAsync("other", Lease, Token))!;

        second.Id.ShouldBe(first.Id);
        second.Fence.ShouldBe(first.Fence + 1);
        (await work.HeartbeatAsync(first, Lease, Token)).ShouldBeFalse();
        (await work.CompleteAsync(first, "late", Token)).ShouldBeFalse();
        (await work.HeartbeatAsync(second, Lease, Token)).ShouldBeTrue();
        (await work.CompleteAsync(second, "merged", Token)).ShouldBeTrue();
        (await work.CompleteAsync(second, "again", Token)).ShouldBeFalse();
        await using var result = database.Source.CreateCommand("SELECT state || ':' || result FROM pace_fleet.work_items");
        (await result.ExecuteScalarAsync(Token)).ShouldBe("done:merged");
    }

    [Fact]
    public async Task A_handed_back_item_is_claimable_again_and_the_old_claim_can_no_longer_report()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([Feature("F1")], Token);
        var claim = (await work.ClaimAsync("stopping", Lease, Token))!;

        (await work.HandBackAsync(claim, Token)).ShouldBeTrue();
        var again = (await work.ClaimAsync("next", Lease, Token))!;

        again.Work.Item.ShouldBe("F1");
        (await work.CompleteAsync(claim, "stale", Token)).ShouldBeFalse();
        (await work.HandBackAsync(claim, Token)).ShouldBeFalse();
    }

    [Fact]
    public async Task An_idle_worker_listening_is_woken_by_published_work()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        var listening = await work.ListenAsync(Token);
        await using var closing = listening;
        var woken = new TaskCompletionSource<string>();
        listening.Notification += (_, e) => woken.TrySetResult(e.Channel);

        var waiting = FleetWork.WaitForWorkAsync(listening, TimeSpan.FromSeconds(30), Token);
        await work.PublishAsync([Feature("F1")], Token);
        await waiting;

        woken.Task.IsCompleted.ShouldBeTrue("the wait ended without a notice");
        (await woken.Task).ShouldBe(FleetWork.Channel);

        // Back in the pool (which does not reset connections), it no longer listens.
        await FleetWork.UnlistenAsync(listening);
        await using var channels = listening.CreateCommand();
        channels.CommandText = "SELECT count(*) FROM pg_listening_channels()";
        (await channels.ExecuteScalarAsync(Token)).ShouldBe(0L);
    }

    [Fact]
    public void A_connection_string_holding_a_password_is_refused_without_repeating_it()
    {
        var refused = Should.Throw<FleetException>(() => FleetDatabase.Open("Host=127.0.0.1;Username=pace;Password=hunter2-secret"));

        refused.Message.ShouldContain("PGPASSWORD");
        refused.Message.ShouldNotContain("hunter2-secret");
    }
}
