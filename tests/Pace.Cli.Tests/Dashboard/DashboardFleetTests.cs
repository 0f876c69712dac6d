using Microsoft.Playwright;
using Pace.Adapters.Fleet;
using Pace.Adapters.Tests.Fleet;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Dashboard;

/// <summary>`pace dashboard --fleet CONN` against the test run's PostgreSQL (scripts/test.sh starts it): the fleet's workers, runs and held items on the page.</summary>
public sealed class DashboardFleetTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_shows_the_fleets_workers_and_the_items_they_hold()
    {
        await using var database = await TestDatabase.CreateAsync();
        await FleetSchema.MigrateAsync(database.Source, Token);
        var work = new FleetWork(database.Source);
        await work.RegisterAsync("worker-1", "host-a", 2, Token);
        await work.PublishAsync([new("run-1", "F1", "feature", "{}"), new("run-1", "F2", "feature", "{}")], Token);
        await work.ClaimAsync("worker-1", TimeSpan.FromMinutes(10), Token);
        using var project = new LoopProject("F1", "F2");
        await using var dashboard = await DashboardProcess.StartAsync(project.Folder, null, "--fleet", database.ConnectionString);
        using var http = DashboardHttpTests.Client();

        var fleet = (await DashboardHttpTests.SnapshotAsync(http, dashboard.Url)).GetProperty("live").GetProperty("fleet");

        fleet.GetProperty("workers")[0].GetProperty("id").GetString().ShouldBe("worker-1");
        fleet.GetProperty("runs")[0].GetProperty("ready").GetInt32().ShouldBe(1);
        fleet.GetProperty("leases")[0].GetProperty("item").GetString().ShouldBe("F1");
        await using var browser = await Browser.StartAsync();
        var page = await browser.OpenAsync(dashboard.Url);
        await Assertions.Expect(page.Locator("#workers")).ToContainTextAsync("worker-1");
        await Assertions.Expect(page.Locator("#slots tr[data-item='F1']")).ToContainTextAsync("worker worker-1");

        // A second worker appears on the open page at the dashboard's next read of the fleet (every 5 s).
        await work.RegisterAsync("worker-2", "host-b", 1, Token);
        await Assertions.Expect(page.Locator("#workers")).ToContainTextAsync("worker-2");
    }
}
