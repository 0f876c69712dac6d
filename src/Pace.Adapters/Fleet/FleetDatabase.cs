using Npgsql;

namespace Pace.Adapters.Fleet;

/// <summary>
/// The fleet's PostgreSQL database. Built with Npgsql's slim data source builder, which leaves out
/// what the fleet does not use and keeps the native binary working. The connection string carries no
/// password: Npgsql takes it from PGPASSWORD, the file PGPASSFILE names or ~/.pgpass, so it reaches no log, state or evidence.
/// </summary>
public static class FleetDatabase
{
    public static NpgsqlDataSource Open(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            throw new FleetException("the fleet's connection string holds a password; give it in ~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD instead, so that it reaches no log or file");
        }

        builder.ApplicationName ??= "pace";
        // The fleet's statements leave no session state behind (a listening connection unlistens before
        // it goes back to the pool), so a pooled connection needs no reset: that halves the round trips
        // of a work item (bench/results/fleet.md).
        builder.NoResetOnClose = true;
        return new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Whether <paramref name="e"/> says the database could not be reached or answered too late (not a mistake in a statement): the caller tries again or reports it.</summary>
    public static bool Unreachable(Exception e) => e is NpgsqlException or IOException or TimeoutException;
}
