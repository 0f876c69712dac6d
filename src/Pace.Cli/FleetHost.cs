using Npgsql;
using Pace.Adapters.Fleet;
using Pace.Adapters.Git;
using Pace.Cli.Commands;
using Pace.Core.Diagnostics;

namespace Pace.Cli;

/// <summary>A coordinator's side of the fleet for `pace run --fleet` and `pace spec run --fleet`: the database (made or migrated at the start) and the run's remote.</summary>
internal sealed class FleetHost(NpgsqlDataSource database, FleetItems items) : IAsyncDisposable
{
    /// <summary>How many sessions a fleet run has out at once unless --parallel or pace.json says.</summary>
    public const int DefaultParallel = 8;

    public FleetItems Items { get; } = items;

    /// <summary>The feature loop's sessions on the fleet.</summary>
    public FleetSessions Sessions { get; } = new(items);

    /// <summary>The coordinated runs' records: who holds each, and the state a takeover goes on from.</summary>
    public FleetRunRecord Record { get; } = new(database);

    /// <summary>
    /// The fleet of <paramref name="connection"/> for the repository at <paramref name="root"/>, whose
    /// <paramref name="remote"/> (a name of one of its remotes, or a URL; default origin) the workers reach.
    /// </summary>
    public static async Task<FleetHost> OpenAsync(CliContext context, string connection, string? remote, string root, CancellationToken cancellationToken)
    {
        var url = await RemoteUrlAsync(root, remote ?? "origin", cancellationToken).ConfigureAwait(false);
        var database = FleetCommand.OpenDatabase(connection, startsAgents: true);
        try
        {
            await FleetSchema.MigrateAsync(database, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (FleetDatabase.Unreachable(e))
        {
            await database.DisposeAsync().ConfigureAwait(false);
            // As for a worker: a database out of reach is a failure to start (exit 1), not bad input.
            throw new FleetException($"--fleet: cannot reach the fleet database: {e.Message}");
        }

        return new FleetHost(database, new FleetItems(new FleetWork(database), root, url, line => context.Error.WriteLine("pace: " + line)));
    }

    /// <summary>This repository's own fleet run, started again: held, unless another coordinator has it (exit 1, the message says which).</summary>
    public static async Task<FleetRunHold> HoldAsync(FleetHost fleet, string run, string root, string featureList, CancellationToken cancellationToken)
    {
        try
        {
            return await fleet.Record.HoldAsync(run, FleetRunRecord.CoordinatorOf(root), featureList, FleetRunRecord.Mode.Start, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (FleetDatabase.Unreachable(e))
        {
            throw new FleetException($"--fleet: cannot reach the fleet database: {e.Message}");
        }
    }

    public ValueTask DisposeAsync()
    {
        Items.Dispose();
        return database.DisposeAsync();
    }

    /// <summary>The URL of remote <paramref name="remote"/>, or <paramref name="remote"/> itself when it is no remote's name (a URL or a path).</summary>
    private static async Task<string> RemoteUrlAsync(string root, string remote, CancellationToken cancellationToken)
    {
        var url = await ResolveAsync(root, remote, cancellationToken).ConfigureAwait(false);
        // The URL travels to every worker in each item's payload: a password or token in it would be in the database.
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.IsFile && uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            throw new InputException($"--fleet: the remote's URL holds a password or token ({uri.Scheme}://{uri.Host}{uri.AbsolutePath}); the workers get the URL, so give them the credential another way (SSH keys, or a git credential helper on each host) and the remote a URL without it");
        }

        return url;
    }

    private static async Task<string> ResolveAsync(string root, string remote, CancellationToken cancellationToken)
    {
        var git = new GitCliRepository(root);
        if (await git.RemoteUrlAsync(remote, cancellationToken).ConfigureAwait(false) is { } url)
        {
            // A relative path means something only here: the workers get it absolute.
            return Directory.Exists(Path.Combine(root, url)) ? Path.GetFullPath(Path.Combine(root, url)) : url;
        }

        if (remote.Contains(':', StringComparison.Ordinal) || Directory.Exists(remote))
        {
            return Directory.Exists(remote) ? Path.GetFullPath(remote) : remote;
        }

        throw new InputException($"--fleet: the workers need a git remote to fetch the project from and push their work to, and this repository has no remote named '{remote}'; add one (git remote add origin URL) or give --remote URL");
    }
}
