using System.Collections.Concurrent;
using Pace.Adapters.Fleet;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>The coordinator's pushes and fetches of the run's remote, with real git: a remote out of reach is tried again, then said.</summary>
public sealed class FleetItemsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_push_to_a_remote_out_of_reach_is_tried_again_and_lands_once_the_remote_is_there()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var remote = Path.Combine(repo.Folder, "late.git");
        var log = new ConcurrentQueue<string>();
        // No statement reaches the database here: only the remote is used.
        await using var database = FleetDatabase.Open("Host=127.0.0.1;Port=1;Username=pace");
        using var items = new FleetItems(new FleetWork(database), repo.Root, remote, log.Enqueue);

        var pushing = items.PushAsync(repo.InitialCommit, "refs/pace/fleet/run/base-x", Token);
        for (var waited = 0; waited < 100 && log.IsEmpty; waited++)
        {
            await Task.Delay(50, Token);
        }

        await repo.GitAsync("init", "-q", "--bare", remote);
        await pushing;

        log.ShouldContain(l => l.StartsWith("the run's remote: ", StringComparison.Ordinal) && l.EndsWith("trying again in 0.5 s", StringComparison.Ordinal));
        (await repo.GitAsync("--git-dir", remote, "rev-parse", "refs/pace/fleet/run/base-x")).Trim().ShouldBe(repo.InitialCommit);
    }

    [Fact]
    public async Task An_item_no_worker_claims_is_said_after_a_while_and_again_much_later_but_not_while_its_agent_is_paused()
    {
        var (database, work) = await TestDatabase.MigratedAsync();
        await using var _ = database;
        using var repo = await TempGitRepo.CreateAsync();
        var remote = Path.Combine(repo.Folder, "remote.git");
        await repo.GitAsync("init", "-q", "--bare", remote);
        var log = new ConcurrentQueue<string>();
        using var items = new FleetItems(work, repo.Root, remote, log.Enqueue) { Look = TimeSpan.FromMilliseconds(100), Unclaimed = TimeSpan.FromMilliseconds(500) };
        await work.RegisterAsync("w1", "host-1", 1, Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);

        // Nobody claims it: said after 0.5 s (one worker is running), and not again within ten times as long.
        var waiting = items.RunAsync(new WorkItem("run", "item-1", "feature-session", "{}") { Agent = "claude" }, repo.InitialCommit, "refs/pace/fleet/run/base-item-1", null, stop.Token);
        for (var waited = 0; waited < 100 && log.IsEmpty; waited++)
        {
            await Task.Delay(50, Token);
        }

        await Task.Delay(1500, Token);
        log.ShouldHaveSingleItem().ShouldStartWith("item-1 has waited ");
        log.Single().ShouldEndWith("s and none of the 1 running worker(s) claimed it: each takes only the agents its --agents names, and only while it has a free slot ('pace fleet status' shows them)");
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => waiting);

        // Its agent paused by a usage window: the run says that itself, and the wait is not said.
        log.Clear();
        await work.PauseAgentAsync("claude", DateTimeOffset.UtcNow.AddMinutes(5), "usage limit", "w1", Token);
        using var again = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var paused = items.RunAsync(new WorkItem("run", "item-2", "feature-session", "{}") { Agent = "claude" }, repo.InitialCommit, "refs/pace/fleet/run/base-item-2", null, again.Token);
        await Task.Delay(1500, Token);
        log.ShouldBeEmpty();
        await again.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => paused);
    }

    [Fact]
    public async Task A_remote_that_stays_out_of_reach_is_said_after_five_tries()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var log = new ConcurrentQueue<string>();
        await using var database = FleetDatabase.Open("Host=127.0.0.1;Port=1;Username=pace");
        using var items = new FleetItems(new FleetWork(database), repo.Root, Path.Combine(repo.Folder, "never.git"), log.Enqueue);

        var failed = await Should.ThrowAsync<FleetRemoteException>(() => items.FetchAsync("refs/pace/results/run/x/1", "refs/pace/fetched", repo.InitialCommit, Token));

        failed.Message.ShouldContain("could not be used after 5 tries");
        log.Count.ShouldBe(4);
        (await repo.GitAsync("for-each-ref", "refs/pace/")).Trim().ShouldBeEmpty();
    }
}
