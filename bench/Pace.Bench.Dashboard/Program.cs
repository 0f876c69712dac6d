using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Pace.Bench.Loop;
using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Verification;

// The dashboard's benchmarks (bench/README.md): page load with many recorded sessions, the time from
// a file Pace writes to the page showing it, and the dashboard's memory over a long stream of events.
//   load    [--sessions 2000] [--runs 11]
//   latency [--sessions 200] [--events 40]
//   memory  [--events 3600] [--per-second 10]
// --pace PATH times another pace (the native binary); default: pace.dll beside this program, via dotnet.
// --chromium PATH: the browser (default: PACE_TEST_CHROMIUM, then /usr/lib/chromium/chromium).
var mode = args.Length > 0 ? args[0] : "load";
string Option(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
int Number(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var pace = Option("--pace", Path.Combine(AppContext.BaseDirectory, "pace.dll"));
var chromium = Option("--chromium", Environment.GetEnvironmentVariable("PACE_TEST_CHROMIUM") ?? "/usr/lib/chromium/chromium");

Console.WriteLine($"## pace dashboard: {mode} ({(pace.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet pace.dll" : pace)})");
Console.WriteLine(Machine.Describe());
switch (mode)
{
    case "load":
        await Bench.LoadAsync(pace, chromium, Number("--sessions", 2000), Number("--runs", 11));
        break;
    case "latency":
        await Bench.LatencyAsync(pace, chromium, Number("--sessions", 200), Number("--events", 40));
        break;
    case "memory":
        await Bench.MemoryAsync(pace, chromium, Number("--events", 3600), Number("--per-second", 10));
        break;
    default:
        Console.Error.WriteLine("modes: load, latency, memory");
        return 2;
}

return 0;

internal static class Bench
{
    public static async Task LoadAsync(string pace, string chromium, int sessions, int runs)
    {
        using var project = Project.Create(sessions);
        await using var dashboard = await Dashboard.StartAsync(pace, project.Folder);
        using var http = new HttpClient(new HttpClientHandler { UseProxy = false });
        var snapshot = new List<double>();
        var size = 0;
        for (var i = 0; i < runs + 2; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync(dashboard.Url + "api/snapshot");
            watch.Stop();
            size = body.Length;
            if (i >= 2)
            {
                snapshot.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var usable = new List<double>();
        var driven = new List<double>();
        for (var i = 0; i < runs + 2; i++)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
            page.PageError += (_, error) => Console.Error.WriteLine("page error: " + error);
            var watch = Stopwatch.StartNew();
            await page.GotoAsync(dashboard.Url);
            // Usable: the header, progress and the first page of the history are drawn.
            await page.WaitForSelectorAsync("#history tbody tr");
            await page.WaitForSelectorAsync("#features");
            watch.Stop();
            // The page's own clock: from the start of the navigation to its first full drawing (what a person waits).
            var mark = await page.EvaluateAsync<double>("() => performance.getEntriesByName('pace-usable')[0].startTime");
            if (i >= 2)
            {
                usable.Add(mark);
                driven.Add(watch.Elapsed.TotalMilliseconds);
            }

            await page.CloseAsync();
        }

        Console.WriteLine($"{sessions} recorded sessions ({size / 1024} KiB of snapshot JSON), {runs} runs after 2 warm-ups:");
        Console.WriteLine($"| measure | median ms | min | max |");
        Console.WriteLine($"|---|---|---|---|");
        Console.WriteLine(Row("GET /api/snapshot (server, redacted)", snapshot));
        Console.WriteLine(Row("navigation start to the page drawn (Chromium's clock)", usable));
        Console.WriteLine(Row("the same through Playwright (its driver's round trips included)", driven));
    }

    public static async Task LatencyAsync(string pace, string chromium, int sessions, int events)
    {
        using var project = Project.Create(sessions);
        await using var dashboard = await Dashboard.StartAsync(pace, project.Folder);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(dashboard.Url);
        await page.WaitForSelectorAsync("#history tbody tr");
        var latency = new List<double>();
        var random = new Random(7);
        for (var i = 0; i < events; i++)
        {
            await Task.Delay(random.Next(150, 600));
            var number = sessions + i + 1;
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            project.WriteSession(number, journal: true);
            await page.WaitForSelectorAsync($"#history tr[data-key='s/{number}']", new() { Timeout = 30_000 });
            var drawn = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            latency.Add(drawn - at);
        }

        Console.WriteLine($"{events} sessions written one at a time (evidence file by rename, journal line) into a project of {sessions}; time until the page shows the new row:");
        Console.WriteLine($"| measure | median ms | min | max |");
        Console.WriteLine($"|---|---|---|---|");
        Console.WriteLine(Row("journal line to row drawn in Chromium", latency));
    }

    public static async Task MemoryAsync(string pace, string chromium, int events, int perSecond)
    {
        using var project = Project.Create(100);
        await using var dashboard = await Dashboard.StartAsync(pace, project.Folder);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(dashboard.Url);
        await page.WaitForSelectorAsync("#history tbody tr");
        var pid = dashboard.Pid;
        Console.WriteLine($"{events} events at {perSecond} a second into a project of 100 sessions, one page open: every 10th event a new session (evidence + journal line), the others a transcript line of the running session and a journal line.");
        Console.WriteLine("| events | dashboard RSS MB | dashboard peak MB | page JS heap MB |");
        Console.WriteLine("|---|---|---|---|");
        var every = TimeSpan.FromSeconds(1.0 / perSecond);
        var clock = Stopwatch.StartNew();
        project.StartRunning(100_000);
        for (var i = 0; i <= events; i++)
        {
            if (i % (events / 8) == 0)
            {
                await Task.Delay(1000);
                var memory = ProcStatus.Memory(pid);
                var heap = await page.EvaluateAsync<double>("() => performance.memory ? performance.memory.usedJSHeapSize : 0");
                Console.WriteLine($"| {i} | {memory?.RssKb / 1024.0:0.0} | {memory?.PeakKb / 1024.0:0.0} | {heap / 1024 / 1024:0.0} |");
            }

            if (i % 10 == 9)
            {
                project.WriteSession(101 + i / 10, journal: true);
            }
            else
            {
                project.Transcript(100_000, i);
            }

            var next = every * (i + 1) - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next);
            }
        }

        var rows = await page.Locator("#history-count").TextContentAsync();
        Console.WriteLine($"\nThe page at the end: {rows}; {clock.Elapsed.TotalMinutes:0.0} minutes.");
    }

    private static string Row(string name, List<double> values)
    {
        values.Sort();
        return $"| {name} | {values[values.Count / 2]:0.0} | {values[0]:0.0} | {values[^1]:0.0} |";
    }
}

/// <summary>A git repository with a feature list and the .pace/ of a long run: N sessions' evidence, the run state and journal.</summary>
internal sealed class Project : IDisposable
{
    private Project(string folder) => Folder = folder;

    public string Folder { get; }

    private string Pace => Path.Combine(Folder, ".pace");

    public static Project Create(int sessions)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pace-bench-dashboard-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var project = new Project(folder);
        Run("git", folder, "init", "-q", "-b", "main");
        var features = Enumerable.Range(1, 200).Select(i => $$"""{ "id": "F-{{i}}", "category": "core", "description": "Feature number {{i}} of the benchmark", "priority": "high", "steps": ["it works"], "passes": {{(i <= 120 ? "true" : "false")}} }""");
        File.WriteAllText(Path.Combine(folder, "feature_list.json"), "{ \"features\": [\n" + string.Join(",\n", features) + "\n] }\n");
        Directory.CreateDirectory(Path.Combine(project.Pace, "run"));
        File.WriteAllText(Path.Combine(project.Pace, "run", "state.json"), $$"""
            { "version": 1, "runId": "bench", "startedAt": "{{DateTimeOffset.UtcNow.AddHours(-10):O}}",
              "options": { "agent": "claude", "maxFailures": 3, "budgetUsd": 500 },
              "lastSession": {{sessions}}, "sessionsRun": {{sessions}}, "featuresCompleted": 120, "consecutiveFailures": 0,
              "failureStreak": [], "attempts": [], "costUsd": {{sessions * 0.21m}}, "baselineTaken": true, "runAlone": [], "lanes": [],
              "agentPauses": [], "pausedTotal": "00:00:00", "pausesInARow": 0, "finished": false }
            """);
        for (var n = 1; n <= sessions; n++)
        {
            project.WriteSession(n, journal: false);
        }

        return project;
    }

    /// <summary>Writes session <paramref name="number"/>'s transcript and evidence (by rename, as Pace does), and its journal lines.</summary>
    public void WriteSession(int number, bool journal)
    {
        var folder = Path.Combine(Pace, "sessions", number.ToString("D4", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var transcript = Path.Combine(folder, "transcript.jsonl");
        File.WriteAllText(transcript, "{\"type\":\"result\",\"result\":\"done\"}\n");
        var passed = number % 4 != 0;
        var started = DateTimeOffset.UtcNow.AddHours(-10).AddSeconds(number * 15);
        var evidence = new SessionEvidence(
            $"F-{number % 200 + 1}", number, "claude", new string('a', 40), passed ? new string('b', 40) : null,
            [new CheckResult("unit tests", "npm test", passed ? 0 : 1, false, TimeSpan.FromSeconds(4), new TestTotals(120 + number % 7, passed ? 0 : 2, 1), Path.Combine(folder, "checks", "unit-tests.log"), "ok")],
            new TestTotals(120, 0, 1), new TestTotals(121, passed ? 0 : 2, 1), TamperReport.Clean, new DiffStats(3, 40 + number % 50, number % 9),
            true, AgentExit.Exited, 0, 0.21m, new AgentUsage(12000 + number, 3000), 14, TimeSpan.FromMinutes(3), transcript,
            new Verdict(passed, passed ? [] : ["check 'unit tests' failed with exit code 1"]), started, started.AddMinutes(3))
        {
            Proof = new ProofEvidence(ProofEvidence.RedThenGreen, ["tests/feature.test.js"], []),
            AttemptRef = passed ? null : $"refs/pace/attempts/F-{number % 200 + 1}/{number}",
        };
        var path = Path.Combine(folder, "evidence.json");
        File.WriteAllBytes(path + ".tmp", EvidenceJson.Serialize(evidence));
        File.Move(path + ".tmp", path, overwrite: true);
        if (journal)
        {
            File.AppendAllText(Path.Combine(Pace, "run", "journal.jsonl"), $"{{\"at\":\"{DateTimeOffset.UtcNow:O}\",\"step\":\"session-finished\",\"session\":{number}}}\n");
        }
    }

    /// <summary>A session folder with a transcript only: the session at work whose transcript grows.</summary>
    public void StartRunning(int number) => Directory.CreateDirectory(Path.Combine(Pace, "sessions", number.ToString("D4", CultureInfo.InvariantCulture)));

    public void Transcript(int number, int line)
    {
        var path = Path.Combine(Pace, "sessions", number.ToString("D4", CultureInfo.InvariantCulture), "transcript.jsonl");
        File.AppendAllText(path, $"{{\"type\":\"assistant\",\"message\":{{\"content\":[{{\"type\":\"tool_use\",\"id\":\"t{line}\",\"name\":\"Edit\",\"input\":{{\"file_path\":\"src/file{line}.ts\"}}}}]}}}}\n");
        File.AppendAllText(Path.Combine(Pace, "run", "journal.jsonl"), $"{{\"at\":\"{DateTimeOffset.UtcNow:O}\",\"step\":\"agent-event\",\"session\":{number}}}\n");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Run(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
    }
}

/// <summary>`pace dashboard --port 0` in the project, stopped with SIGINT at the end.</summary>
internal sealed class Dashboard : IAsyncDisposable
{
    private readonly Process _process;

    private Dashboard(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int Pid => _process.Id;

    public static async Task<Dashboard> StartAsync(string pace, string folder)
    {
        var dll = pace.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(dll ? "dotnet" : pace) { WorkingDirectory = folder, RedirectStandardOutput = true, UseShellExecute = false };
        if (dll)
        {
            start.ArgumentList.Add(pace);
        }

        foreach (var a in new[] { "dashboard", "--port", "0" })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var at = line.IndexOf("http://", StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return new Dashboard(process, line[at..].Split(' ')[0]);
            }
        }

        throw new InvalidOperationException("the dashboard printed no address");
    }

    public async ValueTask DisposeAsync()
    {
        Pace.Adapters.Processes.ProcessRunner.Interrupt(_process.Id);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
