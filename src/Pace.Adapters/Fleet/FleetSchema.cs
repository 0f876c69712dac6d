using Npgsql;

namespace Pace.Adapters.Fleet;

/// <summary>
/// The fleet's tables in schema <c>pace_fleet</c>, made and migrated by Pace. Each migration is one
/// step of <see cref="Steps"/>, applied in one transaction under an advisory lock, so that hosts
/// starting at once migrate once; <c>pace_fleet.schema_version</c> holds how many steps were applied.
/// A database migrated by a newer Pace is refused: this one would not know its tables.
/// </summary>
public static class FleetSchema
{
    /// <summary>The advisory lock key of migrations (the text "pace_fleet.schema" as bytes would not fit: any fixed number does).</summary>
    private const long MigrationLock = 0x70616365_666c7431;

    /// <summary>The migrations in order; a released step is never edited, a change is a new step.</summary>
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE pace_fleet.work_items (
            id bigserial PRIMARY KEY,
            run text NOT NULL,
            item text NOT NULL,
            kind text NOT NULL,
            payload text NOT NULL,
            state text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready', 'claimed', 'done')),
            fence bigint NOT NULL DEFAULT 0,
            worker text,
            lease_until timestamptz,
            result text,
            published_at timestamptz NOT NULL DEFAULT now(),
            UNIQUE (run, item)
        );
        CREATE INDEX work_items_claimable ON pace_fleet.work_items (state, id);
        """,
        """
        CREATE TABLE pace_fleet.workers (
            id text PRIMARY KEY,
            host text NOT NULL,
            slots int NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            seen_at timestamptz NOT NULL DEFAULT now(),
            stopped_at timestamptz
        );
        """,
        """
        ALTER TABLE pace_fleet.work_items ADD COLUMN agent text;
        CREATE TABLE pace_fleet.runs (
            run text PRIMARY KEY,
            budget_usd numeric,
            cost_usd numeric NOT NULL DEFAULT 0,
            opened_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE pace_fleet.pauses (
            agent text PRIMARY KEY,
            until timestamptz NOT NULL,
            reason text NOT NULL,
            worker text NOT NULL
        );
        """,
        """
        CREATE TABLE pace_fleet.coordinated_runs (
            run text PRIMARY KEY,
            coordinator text NOT NULL,
            epoch bigint NOT NULL DEFAULT 1,
            feature_list text NOT NULL,
            state text,
            run_ref text,
            finished boolean NOT NULL DEFAULT false,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE pace_fleet.run_journal (
            id bigserial PRIMARY KEY,
            run text NOT NULL,
            line text NOT NULL
        );
        CREATE INDEX run_journal_run ON pace_fleet.run_journal (run, id);
        CREATE TABLE pace_fleet.run_evidence (
            run text NOT NULL,
            session int NOT NULL,
            evidence text NOT NULL,
            PRIMARY KEY (run, session)
        );
        """,
        """
        ALTER TABLE pace_fleet.coordinated_runs ADD COLUMN refs text;
        CREATE TABLE pace_fleet.run_files (
            run text NOT NULL,
            path text NOT NULL,
            content text NOT NULL,
            PRIMARY KEY (run, path)
        );
        """,
    ];

    public static int Version => Steps.Length;

    /// <summary>Brings the database to <see cref="Version"/>; returns the version it was at.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE SCHEMA IF NOT EXISTS pace_fleet; CREATE TABLE IF NOT EXISTS pace_fleet.schema_version (version int NOT NULL)", cancellationToken).ConfigureAwait(false);
        await using var read = new NpgsqlCommand("SELECT max(version) FROM pace_fleet.schema_version", connection);
        var found = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int v ? v : 0;
        if (found > Version)
        {
            throw new FleetException($"the fleet database is at schema version {found}, newer than this Pace knows ({Version}); update Pace on this host");
        }

        for (var step = found; step < Version; step++)
        {
            await ExecuteAsync(connection, Steps[step], cancellationToken).ConfigureAwait(false);
        }

        if (found < Version)
        {
            await ExecuteAsync(connection, $"DELETE FROM pace_fleet.schema_version; INSERT INTO pace_fleet.schema_version VALUES ({Version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
