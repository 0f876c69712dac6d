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

    /// <summary>
    /// Whether <paramref name="e"/> says the database could not be reached or answered too late: the
    /// caller tries again or reports it. An error the server answered with counts only when it is of
    /// that kind (a lost connection, a server shutting down or starting, out of resources); a refused
    /// statement (no permission, say) would be refused again, and is not retried.
    /// </summary>
    public static bool Unreachable(Exception e) => e switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal) || server.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || server.SqlState.StartsWith("53", StringComparison.Ordinal) || server.SqlState.StartsWith("58", StringComparison.Ordinal),
        _ => e is NpgsqlException or IOException or TimeoutException,
    };

    /// <summary>
    /// The fleet's database for this process's own use: the password from PGPASSWORD (learnt by the
    /// redactor) and the password file PGPASSFILE names are taken into the data source, and both
    /// variables leave this process's environment, so that no agent or check it starts inherits them.
    /// (~/.pgpass stays readable by anything running as the same user: docs/fleet.md.)
    /// </summary>
    public static NpgsqlDataSource OpenKeepingCredentials(string connectionString)
    {
        using var probe = Open(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(probe.ConnectionString);
        if (Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } password)
        {
            Security.Secrets.LearnValue(password);
            builder.Password = password;
            Environment.SetEnvironmentVariable("PGPASSWORD", null);
        }

        if (Environment.GetEnvironmentVariable("PGPASSFILE") is { Length: > 0 } file)
        {
            builder.Passfile ??= file;
            Environment.SetEnvironmentVariable("PGPASSFILE", null);
        }

        return new NpgsqlSlimDataSourceBuilder(builder.ConnectionString).Build();
    }
}
