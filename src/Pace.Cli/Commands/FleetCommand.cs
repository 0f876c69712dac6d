using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using Pace.Adapters.Fleet;
using Pace.Core.Diagnostics;

namespace Pace.Cli.Commands;

/// <summary>
/// `pace fleet status --fleet CONNECTION [--json]`: the fleet's workers, runs and leases, read from
/// its database (docs/fleet.md); changes nothing. Exit 0 shown, 1 the database cannot be reached,
/// 2 a connection string that is wrong or holds a password.
/// </summary>
internal static class FleetCommand
{
    public static Command Create(CliContext context)
    {
        var fleet = FleetOption();
        var json = CommonOptions.Json();
        var status = new Command("status", "Show the fleet's workers, runs and leases (changes nothing)") { fleet, json };
        status.SetAction((parse, _) => StatusAsync(context, parse.GetValue(fleet)!, parse.GetValue(json), context.Cancellation));
        return new Command("fleet", "The fleet of workers on PostgreSQL (being built: docs/fleet.md)") { status };
    }

    /// <summary>The fleet's connection string option, the same for every command that uses the fleet.</summary>
    public static Option<string> FleetOption(bool required = true) =>
        new("--fleet") { Description = "The fleet's PostgreSQL connection string, without the password (it comes from ~/.pgpass, PGPASSFILE or PGPASSWORD)", HelpName = "connection", Required = required };

    /// <summary>
    /// The fleet's database; a connection string that is wrong or holds a password is refused (exit 2)
    /// before anything connects. With <paramref name="startsAgents"/> the credentials leave the
    /// environment the process's children inherit.
    /// </summary>
    public static NpgsqlDataSource OpenDatabase(string connection, bool startsAgents = false)
    {
        try
        {
            return startsAgents ? FleetDatabase.OpenKeepingCredentials(connection) : FleetDatabase.Open(connection);
        }
        catch (FleetException e)
        {
            throw new InputException($"--fleet: {e.Message}");
        }
        catch (ArgumentException)
        {
            throw new InputException("--fleet: not a PostgreSQL connection string; give key=value pairs, as Host=db.example;Username=pace;Database=pace");
        }
    }

    private static async Task<int> StatusAsync(CliContext context, string connection, bool json, CancellationToken cancellationToken)
    {
        var database = OpenDatabase(connection);
        await using (database.ConfigureAwait(false))
        {
            FleetReport report;
            try
            {
                report = await FleetStatus.ReadAsync(database, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e))
            {
                await context.Error.WriteLineAsync($"pace: cannot read the fleet database: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            if (json)
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(report, FleetJson.Default.FleetReport)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            Print(context.Out, report);
            return ExitCodes.Ok;
        }
    }

    private static void Print(TextWriter o, FleetReport report)
    {
        if (report.SchemaVersion == 0)
        {
            o.WriteLine("No fleet in this database: schema pace_fleet is not there (Pace makes it when the fleet first uses the database; docs/fleet.md).");
            return;
        }

        o.WriteLine($"Fleet (schema version {report.SchemaVersion}), as of {report.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC");
        o.WriteLine($"Workers: {report.Workers.Count(w => w.StoppedAt is null)} running, {report.Workers.Count(w => w.StoppedAt is not null)} stopped");
        foreach (var w in report.Workers)
        {
            var state = w.StoppedAt is { } stopped ? $"stopped {Span(report.At - stopped)} ago" : $"seen {Span(report.At - w.SeenAt)} ago";
            o.WriteLine($"  {w.Id} on {w.Host}, {w.Slots} slot{(w.Slots == 1 ? "" : "s")}: {state}");
        }

        o.WriteLine(report.Runs.Count == 0 ? "Runs: none" : "Runs:");
        foreach (var r in report.Runs)
        {
            var cost = r.BudgetUsd is { } budget ? $"; cost ${r.CostUsd:0.00} of its ${budget:0.00} budget{(r.CostUsd >= budget ? " (spent: no more of its items are claimed)" : "")}" : $"; cost ${r.CostUsd:0.00}";
            o.WriteLine(FormattableString.Invariant($"  {r.Run}: {r.Done} done, {r.Claimed} running, {r.Ready} waiting{cost}"));
        }

        o.WriteLine(report.Coordinated.Count == 0 ? "Coordinators: none" : "Coordinators (runs whose state is kept here):");
        foreach (var c in report.Coordinated)
        {
            var state = c.Finished ? "finished"
                : c.Held ? $"held by {c.Coordinator} (epoch {c.Epoch})"
                : $"not held: its coordinator {c.Coordinator} has stopped (last wrote {Span(report.At - c.UpdatedAt)} ago); another clone may go on with --take-over {c.Run}";
            o.WriteLine($"  {c.Run} on {c.Subject}: {state}");
        }

        o.WriteLine(report.Pauses.Count == 0 ? "Usage-window pauses: none" : "Usage-window pauses (no worker claims these agents' items until then):");
        foreach (var p in report.Pauses)
        {
            o.WriteLine($"  {p.Agent}: until {p.Until.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC ({Span(p.Until - report.At)} from now), {p.Reason}, met by {p.Worker}");
        }

        o.WriteLine(report.Leases.Count == 0 ? "Leases: none" : "Leases:");
        foreach (var l in report.Leases)
        {
            var left = l.LeaseUntil - report.At;
            var until = left > TimeSpan.Zero ? $"{Span(left)} of its lease left" : $"its lease ran out {Span(-left)} ago: another worker may claim it";
            o.WriteLine($"  {l.Run} {l.Kind} {l.Item}: {l.Worker} (fence {l.Fence}), {until}");
        }
    }

    /// <summary>A length of time as a person reads it: "12 s", "3 min", "2 h".</summary>
    private static string Span(TimeSpan span)
    {
        var seconds = Math.Max(0, (long)span.TotalSeconds);
        return seconds < 90 ? $"{seconds} s" : seconds < 90 * 60 ? $"{seconds / 60} min" : $"{seconds / 3600} h";
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(FleetReport))]
internal sealed partial class FleetJson : JsonSerializerContext;
