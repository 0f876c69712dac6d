using System.CommandLine;
using Npgsql;
using Pace.Adapters.Fleet;
using Pace.Core.Diagnostics;

namespace Pace.Cli.Commands;

/// <summary>
/// `pace worker --fleet CONNECTION [--slots K] [--cache DIR] [--name ID]`: one host's worker of a
/// fleet (docs/fleet.md). It claims the fleet's sessions, runs and verifies each in a tree of its own
/// cache, pushes the outcome to the run's remote and reports it, until Ctrl-C, which hands back what
/// its slots hold. Exit 0 stopped, 1 the database could not be reached at the start, 2 bad options.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext context)
    {
        var fleet = FleetCommand.FleetOption();
        var slots = new Option<int>("--slots") { Description = "How many sessions this worker runs at once (default 1)", HelpName = "k", DefaultValueFactory = _ => 1 };
        var cache = new Option<string?>("--cache") { Description = "Where the worker keeps its copies of the projects and the sessions' transcripts (default: $XDG_CACHE_HOME/pace/fleet, else ~/.cache/pace/fleet)", HelpName = "folder" };
        var name = new Option<string?>("--name") { Description = "The worker's name in the fleet (default: HOST-PID)", HelpName = "id" };
        var lease = new Option<int>("--lease") { Description = "Seconds a claim holds without a heartbeat (default 60): after a worker dies, its session goes to another worker once this has passed", HelpName = "seconds", DefaultValueFactory = _ => 60 };
        var agents = new Option<string?>("--agents") { Description = "Only sessions of these agents, comma-separated, by their names in the projects' pace.json (default: any): the ones this host has installed and signed in", HelpName = "names" };
        var command = new Command("worker", "Run the fleet's sessions on this host until Ctrl-C (docs/fleet.md)") { fleet, slots, cache, name, lease, agents };
        command.SetAction((parse, _) =>
        {
            var count = parse.GetValue(slots);
            if (count < 1)
            {
                throw new InputException($"--slots: {count} is not a number of slots (1 or more)");
            }

            if (parse.GetValue(lease) is var seconds && seconds < 3)
            {
                throw new InputException($"--lease: {seconds} s is too short for a heartbeat every third of it (3 or more)");
            }

            var folder = parse.GetValue(cache) ?? DefaultCache();
            var id = parse.GetValue(name) ?? $"{Environment.MachineName}-{Environment.ProcessId}";
            var only = parse.GetValue(agents) is { } list ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            if (only is { Length: 0 })
            {
                throw new InputException("--agents: name at least one agent, as --agents claude,codex");
            }

            return RunAsync(context, parse.GetValue(fleet)!, count, folder, id, TimeSpan.FromSeconds(seconds), only, context.Cancellation);
        });
        return command;
    }

    private static string DefaultCache()
    {
        var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "pace", "fleet");
    }

    private static async Task<int> RunAsync(CliContext context, string connection, int slots, string cacheFolder, string id, TimeSpan lease, IReadOnlyList<string>? agents, CancellationToken cancellationToken)
    {
        // The worker commits each passed session: without a git identity every session would fail after its agent ran.
        Directory.CreateDirectory(cacheFolder);
        await Adapters.Loop.GitIdentity.RequireAsync(cacheFolder, "pace worker", cancellationToken).ConfigureAwait(false);
        var database = FleetCommand.OpenDatabase(connection, startsAgents: true);
        await using (database.ConfigureAwait(false))
        {
            try
            {
                await FleetSchema.MigrateAsync(database, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (FleetDatabase.Unreachable(e))
            {
                await context.Error.WriteLineAsync($"pace: cannot reach the fleet database: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            // A worker of this name killed before (kill -9, a host's crash) may have left its agents running: they end now.
            foreach (var group in await Adapters.Agents.LeftoverAgents.EndAllAsync(WorkerSessions.SessionsOf(cacheFolder, id), cancellationToken).ConfigureAwait(false))
            {
                await context.Out.WriteLineAsync($"worker {id}: ended the agent (process group {group}) a killed worker of this name left running").ConfigureAwait(false);
            }

            var work = new FleetWork(database);
            var sessions = new WorkerSessions(context, new ProjectCache(cacheFolder), work, id);
            var worker = new FleetWorker(work, id, slots, lease, sessions.RunAsync, line => context.Out.WriteLine($"worker {id}: {line}"))
            {
                CostOf = WorkerSessions.CostOf,
                Agents = agents,
                // A lease that ran out sends no notice: an idle slot looks again within half a lease.
                IdleLook = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(15).Ticks, lease.Ticks / 2)),
            };
            var which = agents is null ? "any agent" : "agents " + string.Join(", ", agents);
            await context.Out.WriteLineAsync($"worker {id}: {slots} slot{(slots == 1 ? "" : "s")} for {which}, cache {Path.GetFullPath(cacheFolder)}; waiting for work (Ctrl-C stops and hands back what it holds)").ConfigureAwait(false);
            await worker.RunAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"worker {id}: stopped").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }
}
