using System.Collections.Concurrent;
using Pace.Adapters.Fleet;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>Workers' slots on a real PostgreSQL: work published later is picked up by notice, a lost lease stops the work, stopping hands back.</summary>
public sealed class FleetWorkerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static WorkItem Feature(string id) => new("run-1", id, "feature", "{}");

    private static async Task<(TestDatabase Database, FleetWork Work)> ReadyAsync()
    {
        var database = await TestDatabase.CreateAsync();
        await FleetSchema.MigrateAsync(database.Source, Token);
        return (database, new FleetWork(database.Source));
    }

    private static async Task<string?> ScalarAsync(TestDatabase database, string sql)
    {
        await using var command = database.Source.CreateCommand(sql);
        return (await command.ExecuteScalarAsync(Token))?.ToString();
    }

    /// <summary>Waits (bounded) until <paramref name="done"/> says so.</summary>
    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            if (await done())
            {
                return;
            }

            await Task.Delay(100, Token);
        }

        throw new TimeoutException($"30 s passed and {what} did not happen");
    }

    [Fact]
    public async Task Two_workers_do_every_item_once_including_items_published_while_they_were_idle()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        var ran = new ConcurrentBag<(string Worker, string Item)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // An idle slot would look again only after a minute: only a notice can wake it in time.
        var workers = new[] { "host-a", "host-b" }.Select(name => new FleetWorker(work, name, 2, TimeSpan.FromSeconds(30), async (claim, cancel) =>
        {
            ran.Add((claim.Worker, claim.Work.Item));
            await Task.Delay(50, cancel);
            return $$"""{"passed":"{{claim.Work.Item}}"}""";
        }, _ => { }) { IdleLook = TimeSpan.FromMinutes(1) }.RunAsync(stop.Token)).ToList();

        await Task.Delay(500, Token);
        await work.PublishAsync([.. Enumerable.Range(1, 8).Select(i => Feature($"F{i}"))], Token);
        await UntilAsync(async () => await ScalarAsync(database, "SELECT count(*) FROM pace_fleet.work_items WHERE state = 'done'") == "8", "all 8 items done");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        ran.Select(r => r.Item).Order().ShouldBe([.. Enumerable.Range(1, 8).Select(i => $"F{i}")]);
        (await ScalarAsync(database, "SELECT string_agg(result, ',' ORDER BY item) FROM pace_fleet.work_items"))
            .ShouldBe(string.Join(',', Enumerable.Range(1, 8).Select(i => $$"""{"passed":"F{{i}}"}""")));
    }

    [Fact]
    public async Task A_worker_whose_item_was_claimed_by_another_stops_that_work_and_reports_nothing()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([Feature("F1")], Token);
        var started = new TaskCompletionSource<WorkClaim>();
        var stopped = new TaskCompletionSource<bool>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var log = new ConcurrentQueue<string>();
        var worker = new FleetWorker(work, "cut-off", 1, TimeSpan.FromSeconds(3), async (claim, cancel) =>
        {
            started.TrySetResult(claim);
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                stopped.TrySetResult(true);
                throw;
            }

            return "never";
        }, log.Enqueue).RunAsync(stop.Token);

        var claim = await started.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        // What another worker's claim after the lease ran out does to the row: a higher fence, its name.
        await ScalarAsync(database, $"UPDATE pace_fleet.work_items SET fence = fence + 1, worker = 'other' WHERE id = {claim.Id}");

        (await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30), Token)).ShouldBeTrue();
        await stop.CancelAsync();
        await worker;

        (await ScalarAsync(database, "SELECT state || ':' || worker || ':' || coalesce(result, 'none') FROM pace_fleet.work_items")).ShouldBe("claimed:other:none");
        log.ShouldContain(l => l.Contains("the lease of F1 was lost"));
    }

    [Fact]
    public async Task A_stopped_worker_hands_back_what_it_holds()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([Feature("F1")], Token);
        var started = new TaskCompletionSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var worker = new FleetWorker(work, "stopping", 1, TimeSpan.FromSeconds(30), async (claim, cancel) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancel);
            return "never";
        }, _ => { }).RunAsync(stop.Token);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await stop.CancelAsync();
        await worker;

        (await ScalarAsync(database, "SELECT state || ':' || coalesce(worker, 'nobody') FROM pace_fleet.work_items")).ShouldBe("ready:nobody");
        (await work.ClaimAsync("next", TimeSpan.FromSeconds(30), Token))!.Fence.ShouldBe(2);
    }

    [Fact]
    public async Task An_item_whose_work_throws_is_reported_with_the_error_not_passed_round_the_fleet()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([Feature("F1")], Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var runs = 0;
        var worker = new FleetWorker(work, "w", 1, TimeSpan.FromSeconds(30), (claim, cancel) =>
        {
            Interlocked.Increment(ref runs);
            throw new InvalidOperationException("the base commit \"abc\" is not in the remote");
        }, _ => { }).RunAsync(stop.Token);

        await UntilAsync(async () => await ScalarAsync(database, "SELECT state FROM pace_fleet.work_items") == "done", "the item reported");
        await stop.CancelAsync();
        await worker;

        runs.ShouldBe(1);
        (await ScalarAsync(database, "SELECT result FROM pace_fleet.work_items")).ShouldBe("""{"error":"the base commit \u0022abc\u0022 is not in the remote"}""");
    }
}
