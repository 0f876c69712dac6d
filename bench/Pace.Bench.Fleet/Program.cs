using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Pace.Adapters.Fleet;

// The fleet's work items on a real PostgreSQL (PACE_TEST_POSTGRES, as scripts/postgres.sh gives it):
// 1. from publishing an item to an idle worker's slot starting it: idle slots look again only after a
//    minute, so what wakes them is the NOTIFY;
// 2. the database's transactions per item (publish, claim, report), from pg_stat_database;
// 3. the makespan of items of known length on 1, 2 and 3 workers of one slot, against work / slots.
var server = Environment.GetEnvironmentVariable("PACE_TEST_POSTGRES")
    ?? throw new InvalidOperationException("set PACE_TEST_POSTGRES: scripts/postgres.sh start DIR, then . DIR/env");
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var name = "pace_bench_" + Guid.NewGuid().ToString("N")[..8];
await using var admin = FleetDatabase.Open(server);
await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
{
    await create.ExecuteNonQueryAsync();
}

try
{
    await using var database = FleetDatabase.Open(new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    await FleetSchema.MigrateAsync(database, CancellationToken.None);
    var work = new FleetWork(database);
    Console.WriteLine($"# fleet bench, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, PostgreSQL on 127.0.0.1");
    await LatencyAsync(work, database, rounds);
    foreach (var workers in new[] { 1, 2, 3 })
    {
        await MakespanAsync(work, workers, items: 12, length: TimeSpan.FromMilliseconds(250), run: $"makespan-{workers}");
    }
}
finally
{
    await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    await drop.ExecuteNonQueryAsync();
}

static async Task LatencyAsync(FleetWork work, NpgsqlDataSource database, int rounds)
{
    var started = new SemaphoreSlim(0);
    var latencies = new List<double>();
    long published = 0;
    using var stop = new CancellationTokenSource();
    var worker = new FleetWorker(work, "bench", 1, TimeSpan.FromMinutes(1), (claim, _) =>
    {
        latencies.Add(Stopwatch.GetElapsedTime(Interlocked.Read(ref published)).TotalMilliseconds);
        started.Release();
        return Task.FromResult("{}");
    }, _ => { }) { IdleLook = TimeSpan.FromMinutes(1) }.RunAsync(stop.Token);
    await Task.Delay(1000);
    var before = await CommitsAsync(database);
    for (var i = 0; i < rounds; i++)
    {
        // The slot is idle again (its report written) before the next item goes out.
        await Task.Delay(20);
        Interlocked.Exchange(ref published, Stopwatch.GetTimestamp());
        await work.PublishAsync([new WorkItem("latency", $"I{i}", "feature", "{}")], CancellationToken.None);
        await started.WaitAsync();
    }

    await Task.Delay(200);
    await stop.CancelAsync();
    await worker;
    // Backends flush their counters when idle for a second; the workers' connections are idle now.
    await Task.Delay(2500);
    var after = await CommitsAsync(database);
    latencies.Sort();
    Console.WriteLine();
    Console.WriteLine($"## From publishing to a slot starting the item ({rounds} items, one idle slot, woken by NOTIFY only)");
    Console.WriteLine($"median {Percentile(latencies, 0.5):F1} ms, p90 {Percentile(latencies, 0.9):F1} ms, max {latencies[^1]:F1} ms");
    Console.WriteLine($"transactions per item (publish with its NOTIFY, claim, report; the slot's one look after each report finds nothing): {(after - before) / (double)rounds:F2}");
}

static async Task MakespanAsync(FleetWork work, int workers, int items, TimeSpan length, string run)
{
    var done = new CountdownEvent(items);
    using var stop = new CancellationTokenSource();
    var running = Enumerable.Range(1, workers).Select(w => new FleetWorker(work, $"w{w}", 1, TimeSpan.FromMinutes(1), async (claim, cancel) =>
    {
        await Task.Delay(length, cancel);
        done.Signal();
        return "{}";
    }, _ => { }) { IdleLook = TimeSpan.FromMinutes(1) }.RunAsync(stop.Token)).ToList();
    await Task.Delay(1000);
    var clock = Stopwatch.StartNew();
    await work.PublishAsync([.. Enumerable.Range(1, items).Select(i => new WorkItem(run, $"I{i}", "feature", "{}"))], CancellationToken.None);
    await Task.Run(() => done.Wait());
    var makespan = clock.Elapsed;
    await stop.CancelAsync();
    await Task.WhenAll(running);
    var bound = length * Math.Ceiling(items / (double)workers);
    Console.WriteLine();
    Console.WriteLine($"## Makespan, {items} items of {length.TotalMilliseconds} ms, {workers} worker(s) of one slot");
    Console.WriteLine($"makespan {makespan.TotalMilliseconds:F0} ms, bound {bound.TotalMilliseconds:F0} ms, ratio {makespan / bound:F3}");
}

static async Task<long> CommitsAsync(NpgsqlDataSource database)
{
    await using var command = database.CreateCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    return (long)(await command.ExecuteScalarAsync())!;
}

static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
