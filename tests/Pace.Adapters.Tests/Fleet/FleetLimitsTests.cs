using Pace.Adapters.Fleet;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>Fleet-wide limits on a real PostgreSQL: an agent paused by a usage window, a run whose budget is spent, the costs reported.</summary>
public sealed class FleetLimitsTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<(TestDatabase Database, FleetWork Work)> ReadyAsync() => TestDatabase.MigratedAsync();

    [Fact]
    public async Task No_worker_claims_an_item_of_an_agent_a_usage_window_paused_until_the_window_ends()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([new WorkItem("run-1", "s1", "feature", "{}") { Agent = "claude" }, new WorkItem("run-1", "s2", "feature", "{}") { Agent = "codex" }], Token);

        await work.PauseAgentAsync("claude", DateTimeOffset.UtcNow.AddSeconds(2), "five_hour limit", "host-a", Token);
        // An earlier end met meanwhile by another worker does not shorten the pause.
        await work.PauseAgentAsync("claude", DateTimeOffset.UtcNow.AddSeconds(1), "429", "host-b", Token);
        var first = await work.ClaimAsync("host-b", Lease, Token);
        var during = await work.ClaimAsync("host-b", Lease, Token);
        var status = await FleetStatus.ReadAsync(database.Source, Token);
        await Task.Delay(TimeSpan.FromSeconds(2.5), Token);
        var after = await work.ClaimAsync("host-b", Lease, Token);

        first!.Work.Item.ShouldBe("s2");
        during.ShouldBeNull();
        status.Pauses.Single().ShouldSatisfyAllConditions(
            p => p.Agent.ShouldBe("claude"), p => p.Reason.ShouldBe("five_hour limit"), p => p.Worker.ShouldBe("host-a"));
        after!.Work.Item.ShouldBe("s1");
    }

    [Fact]
    public async Task Reports_add_their_cost_to_the_run_and_a_spent_budget_stops_claims_before_the_work()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.OpenRunAsync("run-1", 0.05m, Token);
        await work.PublishAsync([new WorkItem("run-1", "s1", "feature", "{}"), new WorkItem("run-1", "s2", "feature", "{}"), new WorkItem("run-1", "s3", "feature", "{}")], Token);
        await work.PublishAsync([new WorkItem("run-2", "s1", "feature", "{}")], Token);

        var one = await work.ClaimAsync("w", Lease, Token);
        var two = await work.ClaimAsync("w", Lease, Token);
        (await work.CompleteAsync(one!, "{}", Token, 0.03m)).ShouldBeTrue();
        (await work.WithdrawIfOverBudgetAsync("run-1", "s3", Token)).ShouldBeFalse();
        (await work.CompleteAsync(two!, "{}", Token, 0.02m)).ShouldBeTrue();
        var next = await work.ClaimAsync("w", Lease, Token);
        var none = await work.ClaimAsync("w", Lease, Token);
        var status = await FleetStatus.ReadAsync(database.Source, Token);

        // run-1 has spent its $0.05: its s3 waits unclaimed, and run-2's item is claimed instead.
        next!.Work.Run.ShouldBe("run-2");
        none.ShouldBeNull();
        status.Runs.Single(r => r.Run == "run-1").ShouldSatisfyAllConditions(r => r.CostUsd.ShouldBe(0.05m), r => r.BudgetUsd.ShouldBe(0.05m), r => r.Ready.ShouldBe(1));
        (await work.WithdrawIfOverBudgetAsync("run-1", "s3", Token)).ShouldBeTrue();
        (await work.WithdrawIfOverBudgetAsync("run-2", "s1", Token)).ShouldBeFalse();
        (await FleetStatus.ReadAsync(database.Source, Token)).Runs.Single(r => r.Run == "run-1").Ready.ShouldBe(0);
    }

    [Fact]
    public async Task A_worker_that_names_its_agents_claims_only_their_items_and_items_of_no_agent()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([new WorkItem("run-1", "s1", "feature", "{}") { Agent = "claude" }, new WorkItem("run-1", "s2", "feature", "{}") { Agent = "codex" }, new WorkItem("run-1", "s3", "feature", "{}")], Token);

        var codex = await work.ClaimAsync("codex-host", Lease, Token, ["codex", "gemini"]);
        var any = await work.ClaimAsync("codex-host", Lease, Token, ["codex", "gemini"]);
        var none = await work.ClaimAsync("codex-host", Lease, Token, ["codex", "gemini"]);
        var claude = await work.ClaimAsync("any-host", Lease, Token);

        codex!.Work.Item.ShouldBe("s2");
        any!.Work.Item.ShouldBe("s3");
        none.ShouldBeNull();
        claude!.Work.Item.ShouldBe("s1");
    }

    [Fact]
    public async Task A_refused_report_adds_no_cost()
    {
        var (database, work) = await ReadyAsync();
        await using var _ = database;
        await work.PublishAsync([new WorkItem("run-1", "s1", "feature", "{}")], Token);
        var stale = (await work.ClaimAsync("a", TimeSpan.FromMilliseconds(10), Token))!;
        await Task.Delay(100, Token);
        var current = (await work.ClaimAsync("b", Lease, Token))!;

        (await work.CompleteAsync(stale, "{}", Token, 1m)).ShouldBeFalse();
        (await work.CompleteAsync(current, "{}", Token, 0.5m)).ShouldBeTrue();

        (await FleetStatus.ReadAsync(database.Source, Token)).Runs.Single().CostUsd.ShouldBe(0.5m);
    }
}
