using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pace.Adapters.Fleet;
using Pace.Adapters.Specs;
using Pace.Adapters.Storage;
using Pace.Cli.Commands;
using Pace.Core.Diagnostics;

namespace Pace.Cli.Dashboard;

/// <summary>`pace dashboard [--port P] [--bind ADDRESS] [--fleet CONN]`: the project's runs in a browser, live (docs/dashboard.md).</summary>
internal static class DashboardCommand
{
    public const int DefaultPort = 7420;

    /// <summary>The variable that holds the access token a dashboard bound off loopback requires.</summary>
    public const string TokenVariable = "PACE_DASHBOARD_TOKEN";

    /// <summary>The shortest access token taken: a guessable one would be worse than none.</summary>
    private const int MinTokenLength = 16;

    private static readonly TimeSpan FleetEvery = TimeSpan.FromSeconds(5);

    public sealed record Options(int Port, string Bind, string? Fleet);

    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = $"The port (default {DefaultPort}; 0 picks a free one)", HelpName = "port", DefaultValueFactory = _ => DefaultPort };
        var bind = new Option<string>("--bind") { Description = $"The address to listen on (default 127.0.0.1); any other needs an access token in {TokenVariable}", HelpName = "address", DefaultValueFactory = _ => "127.0.0.1" };
        var fleet = FleetCommand.FleetOption(required: false);
        fleet.Description = "Also show this fleet's workers, runs and leases (its PostgreSQL connection string, without the password)";
        var command = new Command("dashboard", "Show the project's runs in a browser, live: what runs, what waits for you, every session's evidence") { port, bind, fleet };
        command.SetAction((parse, _) => RunAsync(context, new Options(parse.GetValue(port), parse.GetValue(bind)!, parse.GetValue(fleet)), context.Cancellation));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, Options options, CancellationToken cancellationToken)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new InputException($"--port {options.Port}: give a port from 1 to 65535, or 0 for a free one");
        }

        var bindTo = options.Bind == "localhost" ? "127.0.0.1" : options.Bind;
        if (!IPAddress.TryParse(bindTo, out var address))
        {
            throw new InputException($"--bind {options.Bind}: give an IP address (127.0.0.1, ::1, 0.0.0.0, or one of this host's)");
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            throw new InputException("--bind ::: every IPv6 address is not supported; give 0.0.0.0 (every IPv4 address) or one address of this host");
        }

        var loopback = IPAddress.IsLoopback(address);
        var token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } t ? t : null;
        if (!loopback && token is null)
        {
            throw new InputException($"--bind {options.Bind} makes the dashboard reachable from other hosts: set {TokenVariable} to a secret of at least {MinTokenLength} characters first (it is never printed); only 127.0.0.1 or ::1 is open without one");
        }

        if (token is not null && token.Length < MinTokenLength)
        {
            throw new InputException($"{TokenVariable} is shorter than {MinTokenLength} characters: choose a longer secret");
        }

        string root;
        try
        {
            root = await SpecProject.GitRootAsync(context.WorkingFolder, cancellationToken).ConfigureAwait(false);
        }
        catch (InputException)
        {
            // Not a repository (yet): the feature list here is still worth showing.
            root = context.WorkingFolder;
        }

        var project = SpecCatalog.ProjectFolder(context.WorkingFolder, root);
        string? list;
        try
        {
            list = FeatureListFiles.Resolve(null, context.WorkingFolder);
        }
        catch (InputException)
        {
            list = null;
        }

        // pace.json's agents may carry secrets in their env: the redactor learns them before any page is sent.
        var settings = Pace.Adapters.Config.PaceSettings.Load(project);

        Npgsql.NpgsqlDataSource? database = options.Fleet is { } connection ? FleetCommand.OpenDatabase(connection) : null;
        var (listener, port) = Listen(address, options.Port);
        var hostName = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var hosts = loopback ? new[] { $"{hostName}:{port}", $"localhost:{port}", $"127.0.0.1:{port}", $"[::1]:{port}" } : null;
        var data = new DashboardData(root, project, list, context.Clock) { SpecAgent = settings.Spec.Agent ?? settings.Config.Agent };
        var feed = new DashboardFeed(data);
        feed.TryRefresh(force: true);
        if (database is not null)
        {
            // The first page already shows the fleet.
            await ReadFleetOnceAsync(database, feed, cancellationToken).ConfigureAwait(false);
        }

        using var server = new DashboardServer(listener, feed, new DashboardActions(context, root), new DashboardAccess(token, hosts, port));
        var shown = address.Equals(IPAddress.Any) ? Dns.GetHostName() : hostName;
        context.Out.WriteLine($"Pace dashboard for {root}: http://{shown}:{port}/{(token is null ? "" : $"?access=<the value of {TokenVariable}>")}");
        context.Out.WriteLine("Ctrl-C stops the dashboard (not the runs).");
        context.Out.Flush();
        try
        {
            var fleetTask = database is null ? Task.CompletedTask : ReadFleetAsync(database, feed, cancellationToken);
            await server.ServeAsync(cancellationToken).ConfigureAwait(false);
            await fleetTask.ConfigureAwait(false);
        }
        finally
        {
            if (database is not null)
            {
                await database.DisposeAsync().ConfigureAwait(false);
            }
        }

        context.Out.WriteLine("Dashboard stopped.");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Listens on the address and port; port 0 tries free ports the system names until one is taken.
    /// On 127.0.0.1 the name localhost is answered too where it can be (HttpListener matches a request's
    /// Host to its prefixes, and binds a name to its first address, which on some hosts is an IPv6 one
    /// that cannot be bound): without it the address alone.
    /// </summary>
    private static (HttpListener Listener, int Port) Listen(IPAddress address, int port)
    {
        var host = address.Equals(IPAddress.Any) ? "*"
            : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        for (var attempt = 0; ; attempt++)
        {
            var chosen = port == 0 ? FreePort(address) : port;
            foreach (var withName in address.Equals(IPAddress.Loopback) ? new[] { true, false } : [false])
            {
                var listener = new HttpListener();
                listener.Prefixes.Add($"http://{host}:{chosen}/");
                if (withName)
                {
                    listener.Prefixes.Add($"http://localhost:{chosen}/");
                }

                try
                {
                    listener.Start();
                    return (listener, chosen);
                }
                catch (HttpListenerException e)
                {
                    listener.Close();
                    if (withName)
                    {
                        continue;
                    }

                    if (port == 0 && attempt < 10)
                    {
                        break;
                    }

                    throw new InputException($"cannot listen on {host}:{chosen}: {e.Message}{(port == 0 ? "" : $" (is {host} an address of this host, and port {chosen} free? --port 0 picks a free one)")}");
                }
            }
        }
    }

    private static int FreePort(IPAddress address)
    {
        var probe = new TcpListener(address.Equals(IPAddress.Any) ? IPAddress.Loopback : address, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task ReadFleetAsync(Npgsql.NpgsqlDataSource database, DashboardFeed feed, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FleetEvery, cancellationToken).ConfigureAwait(false);
                await ReadFleetOnceAsync(database, feed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads `pace fleet status`'s report into the view; a database out of reach or refusing is said on the page.</summary>
    private static async Task ReadFleetOnceAsync(Npgsql.NpgsqlDataSource database, DashboardFeed feed, CancellationToken cancellationToken)
    {
        try
        {
            var report = await FleetStatus.ReadAsync(database, cancellationToken).ConfigureAwait(false);
            feed.Data.Fleet = JsonSerializer.SerializeToUtf8Bytes(report, FleetJson.Default.FleetReport);
            feed.Data.FleetProblem = null;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Out of reach, or refused (a permission, a schema of another version): said on the page, tried again.
            feed.Data.FleetProblem = $"cannot read the fleet database{(FleetDatabase.Unreachable(e) ? "" : $" ({e.GetType().Name})")}: {e.Message}";
        }

        feed.TryRefresh(force: true);
    }
}
