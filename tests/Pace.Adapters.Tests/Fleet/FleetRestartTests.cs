using System.Collections.Concurrent;
using Npgsql;
using Pace.Adapters.Fleet;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>The database restarted under a running worker: it reconnects with backoff and goes on.</summary>
public sealed class FleetRestartTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_goes_on_after_the_database_restarts_and_does_work_published_after_it()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        var source = FleetDatabase.Open(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Passfile = cluster.PasswordFile }.ConnectionString);
        await using var _ = source;
        await FleetSchema.MigrateAsync(source, Token);
        var work = new FleetWork(source);
        var done = new ConcurrentBag<string>();
        var log = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var worker = new FleetWorker(work, "survivor", 1, TimeSpan.FromSeconds(30), (claim, _) =>
        {
            done.Add(claim.Work.Item);
            return Task.FromResult("{}");
        }, log.Enqueue) { IdleLook = TimeSpan.FromSeconds(2) }.RunAsync(stop.Token);
        await work.PublishAsync([new WorkItem("r", "before", "feature", "{}")], Token);
        await UntilAsync(() => done.Contains("before"), "the item before the restart done");

        await cluster.RestartAsync();
        await work.PublishAsync([new WorkItem("r", "after", "feature", "{}")], Token);
        await UntilAsync(() => done.Contains("after"), "the item published after the restart done");
        await stop.CancelAsync();
        await worker;

        done.Order().ShouldBe(["after", "before"]);
        // The listener lost its connection with the restart and opened a new one.
        log.ShouldContain(l => l.StartsWith("listening for work:", StringComparison.Ordinal));
    }

    private static async Task UntilAsync(Func<bool> done, string what)
    {
        for (var waited = 0; waited < 600 && !done(); waited++)
        {
            await Task.Delay(100, Token);
        }

        done().ShouldBeTrue($"60 s passed and not: {what}");
    }
}
