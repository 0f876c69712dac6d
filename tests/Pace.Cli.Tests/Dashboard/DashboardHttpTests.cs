using System.Net;
using System.Text;
using System.Text.Json;
using Pace.Cli.Tests.Faults;
using Pace.Cli.Tests.Loop;
using Pace.Cli.Tests.Specs;

namespace Pace.Cli.Tests.Dashboard;

/// <summary>
/// The dashboard's HTTP side against a real `pace dashboard` process on a project a real `pace run`
/// or `pace spec run` worked on: what the snapshot holds, who may act, and what never reaches a page.
/// </summary>
public sealed class DashboardHttpTests
{
    private const string AccessToken = "dashboard-access-0123456789abcdef";

    internal static HttpClient Client(bool redirects = true) =>
        new(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = redirects, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    internal static async Task<JsonElement> SnapshotAsync(HttpClient http, string url) =>
        JsonDocument.Parse(await http.GetStringAsync(url + "api/snapshot", TestContext.Current.CancellationToken)).RootElement.Clone();

    [Fact]
    public async Task The_snapshot_holds_the_features_the_run_and_every_session_with_its_verdict_and_evidence()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Behave("B-2", "mkdir -p tests; echo fail > tests/B-2.test", attempt: 1);
        project.Implements("B-2");
        var run = await project.RunAsync("run", "--until-complete");
        run.ExitCode.ShouldBe(0, run.ToString());
        await using var dashboard = await DashboardProcess.StartAsync(project.Folder);
        using var http = Client();

        var snapshot = await SnapshotAsync(http, dashboard.Url);

        var live = snapshot.GetProperty("live");
        live.GetProperty("features").GetProperty("passing").GetInt32().ShouldBe(2);
        live.GetProperty("run").GetProperty("finished").GetBoolean().ShouldBeTrue();
        live.GetProperty("run").GetProperty("stopReason").GetString().ShouldBe("AllPassing");
        var sessions = snapshot.GetProperty("sessions").EnumerateArray().OrderBy(s => s.GetProperty("session").GetInt32()).ToList();
        sessions.Select(s => $"{s.GetProperty("item").GetString()}:{s.GetProperty("passed").GetBoolean()}").ShouldBe(["A-1:True", "B-2:False", "B-2:True"]);
        var failed = sessions[1];
        failed.GetProperty("reasons")[0].GetString()!.ShouldContain("check 'tests' failed");
        failed.GetProperty("attemptRef").GetString().ShouldBe("refs/pace/attempts/B-2/2");
        sessions[2].GetProperty("proof").GetString().ShouldBe("red-green");
        sessions[2].GetProperty("commit").GetString()!.Length.ShouldBe(40);

        var transcript = await http.GetStringAsync(dashboard.Url + "api/transcript?path=" + Uri.EscapeDataString(sessions[0].GetProperty("transcript").GetString()!), TestContext.Current.CancellationToken);
        transcript.ShouldContain("I implemented A-1 and all tests pass.");
        (await http.GetAsync(dashboard.Url + "api/transcript?path=../feature_list.json", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync(dashboard.Url + "api/transcript?path=run/../../.git/config", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A link under .pace could lead anywhere: not followed.
        var outside = Path.Combine(project.AgentFolder, "elsewhere");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "private.log"), "not for the page");
        Directory.CreateSymbolicLink(Path.Combine(project.Folder, ".pace", "linked"), outside);
        (await http.GetAsync(dashboard.Url + "api/transcript?path=linked/private.log", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_file_the_dashboard_cannot_read_is_named_on_the_page_and_the_rest_is_shown()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");
        var run = await project.RunAsync("run", "--until-complete");
        run.ExitCode.ShouldBe(0, run.ToString());
        project.Write("feature_list.json", project.Read("feature_list.json").Replace("\"priority\": \"high\", ", "", StringComparison.Ordinal));
        await using var dashboard = await DashboardProcess.StartAsync(project.Folder);
        using var http = Client();

        var snapshot = await SnapshotAsync(http, dashboard.Url);

        snapshot.GetProperty("live").GetProperty("features").GetProperty("problem").GetString()!.ShouldContain("feature_list.json:3:");
        snapshot.GetProperty("live").GetProperty("features").GetProperty("problem").GetString()!.ShouldContain("missing required field \"priority\"");
        snapshot.GetProperty("live").GetProperty("run").GetProperty("finished").GetBoolean().ShouldBeTrue();
        snapshot.GetProperty("sessions").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_task_whose_merge_was_refused_shows_as_waiting_for_its_second_run_not_as_failed()
    {
        // SpecRepo's b conflicts with a on the wave branch; the run is killed once the refusal is saved.
        using var repo = new SpecRepo(reviewer: "person");
        var killed = await repo.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "task-merge-refused:1:b" }, "spec", "run", "demo", "--manual");
        killed.ExitCode.ShouldBe(137, killed.ToString());
        await using var dashboard = await DashboardProcess.StartAsync(repo.Folder);
        using var http = Client();

        var snapshot = await SnapshotAsync(http, dashboard.Url);

        var tasks = snapshot.GetProperty("live").GetProperty("specs")[0].GetProperty("tasks").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("status").GetString());
        tasks["a"].ShouldBe("passed");
        tasks["b"].ShouldBe("waiting");
        // Its refused attempt is in the history all the same, failed with the reason.
        snapshot.GetRawText().ShouldContain("the wave branch refused the result: it conflicts with the wave");
    }

    [Fact]
    public async Task An_action_without_the_pages_token_is_refused_and_changes_nothing()
    {
        using var repo = new SpecRepo(reviewer: "person");
        var waiting = await repo.RunAsync("spec", "run", "demo", "--manual");
        waiting.ExitCode.ShouldBe(3, waiting.ToString());
        var pull = Path.Combine(repo.Folder, ".pace", "forge", "pulls", "1.json");
        var before = File.ReadAllText(pull);
        await using var dashboard = await DashboardProcess.StartAsync(repo.Folder);
        using var http = Client();
        var body = new StringContent("""{"spec":"demo","verdict":"approve"}""", Encoding.UTF8, "application/json");

        var none = await http.PostAsync(dashboard.Url + "api/review", body, TestContext.Current.CancellationToken);
        var wrong = new HttpRequestMessage(HttpMethod.Post, dashboard.Url + "api/review") { Content = new StringContent("""{"spec":"demo","verdict":"approve"}""") };
        wrong.Headers.Add("X-Pace-Token", new string('0', 64));
        var wrongAnswer = await http.SendAsync(wrong, TestContext.Current.CancellationToken);
        var stop = await http.PostAsync(dashboard.Url + "api/stop", new StringContent("{}"), TestContext.Current.CancellationToken);

        none.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        wrongAnswer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        stop.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        File.ReadAllText(pull).ShouldBe(before);

        // With the page's token, from the page's own origin, the same request is the review.
        var page = await http.GetStringAsync(dashboard.Url, TestContext.Current.CancellationToken);
        var token = page.Split("name=\"pace-action-token\" content=\"")[1].Split('"')[0];
        token.Length.ShouldBe(64);
        var foreign = new HttpRequestMessage(HttpMethod.Post, dashboard.Url + "api/review") { Content = new StringContent("""{"spec":"demo","verdict":"approve"}""") };
        foreign.Headers.Add("X-Pace-Token", token);
        foreign.Headers.Add("Origin", "http://evil.example");
        (await http.SendAsync(foreign, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        File.ReadAllText(pull).ShouldBe(before);

        var good = new HttpRequestMessage(HttpMethod.Post, dashboard.Url + "api/review") { Content = new StringContent("""{"spec":"demo","verdict":"approve"}""") };
        good.Headers.Add("X-Pace-Token", token);
        var answer = await http.SendAsync(good, TestContext.Current.CancellationToken);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        File.ReadAllText(pull).ShouldContain("\"kind\": \"Approved\"");
    }

    [Fact]
    public async Task A_request_naming_another_host_is_not_answered()
    {
        using var project = new LoopProject("A-1");
        await using var dashboard = await DashboardProcess.StartAsync(project.Folder);
        using var http = Client();
        var port = new Uri(dashboard.Url).Port;

        var rebound = new HttpRequestMessage(HttpMethod.Get, dashboard.Url + "api/snapshot");
        rebound.Headers.Host = $"attacker.example:{port}";
        var localhost = new HttpRequestMessage(HttpMethod.Get, dashboard.Url + "api/snapshot");
        localhost.Headers.Host = $"localhost:{port}";

        var refused = await http.SendAsync(rebound, TestContext.Current.CancellationToken);
        refused.IsSuccessStatusCode.ShouldBeFalse();
        (await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain("features");
        (await http.GetAsync(dashboard.Url + "api/snapshot", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The name a browser is often given for this address is answered too (on this machine localhost is 127.0.0.1).
        (await http.SendAsync(localhost, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Binding_off_loopback_needs_an_access_token_which_is_never_printed()
    {
        using var project = new LoopProject("A-1");

        var refused = await PaceProcess.RunAsync(project.Folder, null, "dashboard", "--bind", "0.0.0.0", "--port", "0");
        var weak = await PaceProcess.RunAsync(project.Folder, new Dictionary<string, string?> { ["PACE_DASHBOARD_TOKEN"] = "short" }, "dashboard", "--bind", "0.0.0.0", "--port", "0");

        refused.ExitCode.ShouldBe(2, refused.ToString());
        refused.Stderr.ShouldContain("set PACE_DASHBOARD_TOKEN");
        weak.ExitCode.ShouldBe(2, weak.ToString());
        weak.Stderr.ShouldContain("shorter than 16");

        await using var dashboard = await DashboardProcess.StartAsync(project.Folder, new Dictionary<string, string?> { ["PACE_DASHBOARD_TOKEN"] = AccessToken }, "--bind", "0.0.0.0");
        var port = new Uri(dashboard.Url.Split('?')[0]).Port;
        var url = $"http://127.0.0.1:{port}/";
        using var http = Client(redirects: false);

        (await http.GetAsync(url + "api/snapshot", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.GetAsync(url + "?access=wrong-token-wrong-token", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var opened = await http.GetAsync(url + "?access=" + AccessToken, TestContext.Current.CancellationToken);
        ((int)opened.StatusCode).ShouldBeInRange(300, 399);
        var cookie = opened.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        cookie.ShouldBe($"pace_access_{port}=" + AccessToken);
        var withCookie = new HttpRequestMessage(HttpMethod.Get, url + "api/snapshot");
        withCookie.Headers.Add("Cookie", cookie);
        (await http.SendAsync(withCookie, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bearer = new HttpRequestMessage(HttpMethod.Get, url + "api/snapshot");
        bearer.Headers.Add("Authorization", "Bearer " + AccessToken);
        (await http.SendAsync(bearer, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await dashboard.DisposeAsync();
        dashboard.Output.ShouldNotContain(AccessToken);
        dashboard.Output.ShouldContain("?access=<the value of PACE_DASHBOARD_TOKEN>");
    }

    [Fact]
    public async Task A_secret_an_agent_printed_reaches_no_page()
    {
        using var project = new LoopProject("A-1");
        const string Secret = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
        const string Configured = "configured-value-7f3a9c2e51";
        project.Behave("A-1", $"echo 'my token is {Secret} and {Configured}'; echo done > A-1.txt; mkdir -p tests; echo 'needs A-1.txt' > tests/A-1.test");
        Sessions.Configure(project, "\"command\": ", $"\"env\": {{ \"SERVICE_API_KEY\": \"{Configured}\" }}, \"command\": ");
        var run = await project.RunAsync("run", "--until-complete");
        run.ExitCode.ShouldBe(0, run.ToString());
        // What Pace stored is already redacted; the test puts the secret back, as a file written by another tool might hold it.
        var transcriptPath = Path.Combine(project.Folder, ".pace", "sessions", "0001", "transcript.jsonl");
        File.AppendAllText(transcriptPath, $"later: {Secret} {Configured}\n");
        await using var dashboard = await DashboardProcess.StartAsync(project.Folder);
        using var http = Client();

        var transcript = await http.GetStringAsync(dashboard.Url + "api/transcript?path=sessions/0001/transcript.jsonl", TestContext.Current.CancellationToken);
        var snapshot = await http.GetStringAsync(dashboard.Url + "api/snapshot", TestContext.Current.CancellationToken);

        transcript.ShouldContain("later: [REDACTED] [REDACTED]");
        transcript.ShouldNotContain(Secret);
        transcript.ShouldNotContain(Configured);
        snapshot.ShouldNotContain(Secret);
    }
}
