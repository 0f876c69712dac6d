using Microsoft.Playwright;
using Pace.Cli.Tests.Faults;
using Pace.Cli.Tests.Loop;
using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Dashboard;

/// <summary>
/// The dashboard in real headless Chromium against real runs with scripted agents: the page follows
/// a `pace run` as it goes (a session in progress with its agent's latest action, a stuck feature, a
/// usage-window pause, the history), stops a run, and carries a spec run through its reviews and
/// final merge by its buttons.
/// </summary>
public sealed class DashboardBrowserTests
{
    /// <summary>
    /// Claude Code's stream-json, as the real CLI prints it: an Edit of the feature's file first; then,
    /// for a feature named in hold.ID, it waits until go.ID exists; limit.ID makes its first session
    /// end at a usage window ("reset SECONDS"); fail.ID writes a test that always fails.
    /// </summary>
    private const string FakeClaude = """
        #!/bin/sh
        dir=$(dirname "$0")
        id=$(printf '%s\n' "$@" | sed -n 's/^Feature \([^ ]*\) (.*/\1/p' | head -n 1)
        echo '{"type":"system","subtype":"init","session_id":"s","model":"fake"}'
        echo '{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Edit","input":{"file_path":"src/'$id'.txt"}}]},"session_id":"s"}'
        if [ -f "$dir/hold.$id" ]; then i=0; while [ ! -f "$dir/go.$id" ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i+1)); done; fi
        if [ -f "$dir/limit.$id" ] && [ ! -f "$dir/limited.$id" ]; then
          touch "$dir/limited.$id"
          set -- $(cat "$dir/limit.$id")
          at=$(( $(date +%s) + $2 ))
          echo '{"type":"rate_limit_event","rate_limit_info":{"status":"rejected","resetsAt":'$at',"rateLimitType":"five_hour","isUsingOverage":false},"session_id":"s"}'
          echo '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"You have hit your session limit","session_id":"s"}'
          exit 1
        fi
        if [ -f "$dir/fail.$id" ]; then
          mkdir -p tests; echo fail > "tests/$id.test"
          echo '{"type":"result","subtype":"success","is_error":false,"result":"I implemented '$id'","session_id":"s","num_turns":2,"total_cost_usd":0.02}'
          exit 0
        fi
        echo done > "$id.txt"; mkdir -p tests; echo "needs $id.txt" > "tests/$id.test"
        echo '{"type":"result","subtype":"success","is_error":false,"result":"I implemented '$id'","session_id":"s","num_turns":3,"total_cost_usd":0.05}'
        """;

    private static LoopProject Project(params string[] features)
    {
        var project = UsageLimitTests.Project("""{ "jitterSeconds": 0 }""", features);
        File.WriteAllText(Path.Combine(project.AgentFolder, "fake-claude.sh"), FakeClaude + "\n");
        Sessions.Configure(project, "\"maxFailures\": 3", "\"maxFailures\": 10, \"maxAttemptsPerFeature\": 2");
        return project;
    }

    private static void Touch(LoopProject project, string name) => File.WriteAllText(Path.Combine(project.AgentFolder, name), name.StartsWith("limit", StringComparison.Ordinal) ? "reset 20\n" : "");

    [Fact]
    public async Task The_page_follows_a_run_live_a_session_at_work_a_stuck_feature_a_pause_and_the_history()
    {
        using var project = Project("A-1", "B-2", "C-3");
        Touch(project, "hold.A-1");
        Touch(project, "fail.B-2");
        Touch(project, "limit.C-3");
        await using var dashboard = await DashboardProcess.StartAsync(project.Folder);
        await using var browser = await Browser.StartAsync();
        var page = await browser.OpenAsync(dashboard.Url);
        await Assertions.Expect(page.Locator("#idle")).ToContainTextAsync("No run is going on");

        var run = project.RunAsync("run", "--until-complete", "--budget", "1");

        // A session at work: its feature, its agent's latest action (from the transcript), and the holder of the run.
        var slot = page.Locator("#slots tr[data-item='A-1']");
        await Assertions.Expect(slot).ToBeVisibleAsync();
        await Assertions.Expect(slot.Locator("td.action")).ToContainTextAsync("Edit src/A-1.txt");
        await Assertions.Expect(page.Locator("#holder")).ToContainTextAsync("pace run");
        Touch(project, "go.A-1");
        await Assertions.Expect(page.Locator("#history tr[data-item='A-1'] td.verdict")).ToHaveTextAsync("passed");

        // B-2 fails twice and is set aside; C-3 meets a usage window and the run waits.
        await Assertions.Expect(page.Locator("#needs [data-stuck='B-2']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#history tr[data-item='B-2'].fail")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#history tr[data-item='B-2'].fail").First.Locator("td.why")).ToContainTextAsync("check 'tests' failed");
        var paused = page.Locator("#needs [data-kind='paused']");
        await Assertions.Expect(paused).ToContainTextAsync("Paused until");
        await Assertions.Expect(paused).ToContainTextAsync("five_hour");
        await Assertions.Expect(page.Locator("#features")).ToContainTextAsync("1 / 3 features pass");
        await Assertions.Expect(page.Locator("#chart svg")).ToBeVisibleAsync();
        if (Browser.ArtifactsFolder() is { } artifacts)
        {
            Directory.CreateDirectory(artifacts);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "dashboard.png"), FullPage = true });
        }

        // The window opens, C-3 passes, the run ends: the page says so.
        await Assertions.Expect(page.Locator("#history tr[data-item='C-3'] td.verdict")).ToHaveTextAsync("passed");
        var ended = await run;
        ended.ExitCode.ShouldBe(1, ended.ToString());
        await Assertions.Expect(page.Locator("#idle")).ToContainTextAsync("The last run ended: every feature left is stuck");
        await Assertions.Expect(page.Locator("#features")).ToContainTextAsync("2 / 3 features pass");
        await Assertions.Expect(paused).ToHaveCountAsync(0);

        // History filters: by verdict and by item.
        await page.SelectOptionAsync("#filter-verdict", "failed");
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(2);
        await page.SelectOptionAsync("#filter-verdict", "");
        await page.FillAsync("#filter-item", "C-3");
        await Assertions.Expect(page.Locator("#history tbody tr")).ToHaveCountAsync(1);

        // A transcript opens from the history, as stored.
        await page.Locator("#history tr[data-item='C-3'] a.transcript").ClickAsync();
        await Assertions.Expect(page.Locator("#transcript-text")).ToContainTextAsync("I implemented C-3");
    }

    [Fact]
    public async Task Stop_on_the_page_stops_the_run_as_Ctrl_C_does_and_the_run_resumes_after()
    {
        using var project = Project("A-1");
        Touch(project, "hold.A-1");
        await using var dashboard = await DashboardProcess.StartAsync(project.Folder);
        await using var browser = await Browser.StartAsync();
        var page = await browser.OpenAsync(dashboard.Url);
        var run = project.RunAsync("run", "--until-complete");
        await Assertions.Expect(page.Locator("#slots tr[data-item='A-1']")).ToBeVisibleAsync();

        await page.Locator("#stop").ClickAsync();

        await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("sent the stop signal");
        var stopped = await run;
        stopped.ExitCode.ShouldBe(143, stopped.ToString());
        stopped.Stderr.ShouldContain("interrupted");
        await Assertions.Expect(page.Locator("#holder")).ToContainTextAsync("no Pace run holds this repository");

        Touch(project, "go.A-1");
        var resumed = await project.RunAsync("run", "--until-complete");
        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        await Assertions.Expect(page.Locator("#features")).ToContainTextAsync("1 / 1 features pass");
    }

    [Fact]
    public async Task A_spec_run_waits_for_the_persons_review_on_the_page_and_goes_on_after_its_request_for_changes_its_approvals_and_the_final_merge()
    {
        using var repo = new SpecRepo(reviewer: "person");
        await using var dashboard = await DashboardProcess.StartAsync(repo.Folder);
        await using var browser = await Browser.StartAsync();
        var page = await browser.OpenAsync(dashboard.Url);

        var run = repo.RunAsync("spec", "run", "demo");

        for (var pr = 1; pr <= 3; pr++)
        {
            var review = page.Locator("#needs [data-spec='demo'][data-kind='review']");
            await Assertions.Expect(review).ToContainTextAsync($"PR #{pr} awaits your review");
            if (pr == 1)
            {
                // Changes asked for from the page: the agent makes them, and the pull request waits again.
                await Assertions.Expect(page.Locator(".progress.spec[data-spec='demo']")).ToContainTextAsync("AWAITING_REVIEW");
                await review.Locator("textarea").FillAsync("add fixed.txt");
                await review.Locator("button.request").ClickAsync();
                await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("PR #1");
                await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("changes requested");
                await Assertions.Expect(review).ToContainTextAsync("after 1 review cycle");
                await Assertions.Expect(page.Locator(".progress.spec[data-spec='demo'] .wave").First).ToContainTextAsync("person: ChangesRequested - add fixed.txt");
                repo.Sessions().ShouldContain("fix ");
            }

            await review.Locator("button.approve").ClickAsync();
            await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync($"PR #{pr}");
            await Assertions.Expect(page.Locator("#answer")).ToContainTextAsync("approved");
        }

        var merge = page.Locator("#needs [data-spec='demo'][data-kind='merge']");
        await Assertions.Expect(merge).ToContainTextAsync("the final merge needs your confirmation");
        var waiting = await run;
        waiting.ExitCode.ShouldBe(3, waiting.ToString());

        await merge.Locator("button.merge").ClickAsync();

        await Assertions.Expect(page.Locator(".progress.spec[data-spec='demo']")).ToContainTextAsync("COMPLETED");
        await Assertions.Expect(merge).ToHaveCountAsync(0);
        repo.State().GetProperty("phase").GetString().ShouldBe("COMPLETED");
        repo.Read("d.txt").Trim().ShouldBe("d");
        repo.Read("fixed.txt").Trim().ShouldBe("fixed");
        await Assertions.Expect(page.Locator("#history tr[data-item='d']")).ToHaveCountAsync(1);
    }
}
