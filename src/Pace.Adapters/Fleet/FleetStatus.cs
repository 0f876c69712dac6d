using Npgsql;

namespace Pace.Adapters.Fleet;

/// <summary>A worker as it last said: its host, its slots, when it started, when it was last seen, and when it stopped (null while it runs).</summary>
public sealed record FleetWorkerRow(string Id, string Host, int Slots, DateTimeOffset StartedAt, DateTimeOffset SeenAt, DateTimeOffset? StoppedAt);

/// <summary>A run's work items by state, what its reported work cost, and its budget (null: none).</summary>
public sealed record FleetRunRow(string Run, int Ready, int Claimed, int Done, decimal CostUsd = 0, decimal? BudgetUsd = null);

/// <summary>An agent (its account) paused fleet-wide by a usage window, until when, why, and which worker met it.</summary>
public sealed record FleetPauseRow(string Agent, DateTimeOffset Until, string Reason, string Worker);

/// <summary>An item held now: by whom, until when, with which fence.</summary>
public sealed record FleetLeaseRow(string Run, string Item, string Kind, string Worker, long Fence, DateTimeOffset LeaseUntil);

/// <summary>
/// A coordinated run's record: what it works on (its feature list, or <c>spec PATH</c>), who holds it
/// (its host and folder) under which epoch, whether that coordinator holds its lock now (false: it
/// stopped or died, and another clone may take the run over), whether it finished, and when it was last written.
/// </summary>
public sealed record FleetCoordinatedRow(string Run, string Subject, string Coordinator, long Epoch, bool Held, bool Finished, DateTimeOffset UpdatedAt);

/// <summary>What <c>pace fleet status</c> shows: read in one transaction, so the parts agree. <paramref name="SchemaVersion"/> 0: no fleet in this database yet.</summary>
public sealed record FleetReport(int SchemaVersion, DateTimeOffset At, IReadOnlyList<FleetWorkerRow> Workers, IReadOnlyList<FleetRunRow> Runs, IReadOnlyList<FleetLeaseRow> Leases)
{
    public IReadOnlyList<FleetPauseRow> Pauses { get; init; } = [];

    /// <summary>The runs whose coordinators keep their records here (schema 4 on; once a run has saved a state), the latest first.</summary>
    public IReadOnlyList<FleetCoordinatedRow> Coordinated { get; init; } = [];
}

/// <summary>Reads the fleet's state; changes nothing (a database without the fleet's schema is reported as such, not migrated).</summary>
public static class FleetStatus
{
    public static async Task<FleetReport> ReadAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var now = await ScalarAsync<DateTimeOffset>(connection, "SELECT now()", cancellationToken).ConfigureAwait(false);
        var exists = await ScalarAsync<bool>(connection, "SELECT to_regclass('pace_fleet.schema_version') IS NOT NULL", cancellationToken).ConfigureAwait(false);
        var version = exists ? await ScalarAsync<int>(connection, "SELECT coalesce(max(version), 0) FROM pace_fleet.schema_version", cancellationToken).ConfigureAwait(false) : 0;
        if (version < 2)
        {
            return new FleetReport(version, now, [], [], []);
        }

        var workers = await RowsAsync(connection, "SELECT id, host, slots, started_at, seen_at, stopped_at FROM pace_fleet.workers ORDER BY id", r =>
            new FleetWorkerRow(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3), r.GetFieldValue<DateTimeOffset>(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5)), cancellationToken).ConfigureAwait(false);
        var costs = version >= 3
            ? "coalesce((SELECT cost_usd FROM pace_fleet.runs r WHERE r.run = w.run), 0), (SELECT budget_usd FROM pace_fleet.runs r WHERE r.run = w.run)"
            : "0::numeric, NULL::numeric";
        var runs = await RowsAsync(connection,
            $"""
            SELECT run, count(*) FILTER (WHERE state = 'ready')::int, count(*) FILTER (WHERE state = 'claimed')::int, count(*) FILTER (WHERE state = 'done')::int, {costs}
            FROM pace_fleet.work_items w GROUP BY run ORDER BY min(published_at), run
            """, r => new FleetRunRow(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetDecimal(4), r.IsDBNull(5) ? null : r.GetDecimal(5)), cancellationToken).ConfigureAwait(false);
        var leases = await RowsAsync(connection,
            "SELECT run, item, kind, worker, fence, lease_until FROM pace_fleet.work_items WHERE state = 'claimed' ORDER BY lease_until, id",
            r => new FleetLeaseRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetFieldValue<DateTimeOffset>(5)), cancellationToken).ConfigureAwait(false);
        var pauses = version >= 3
            ? await RowsAsync(connection, "SELECT agent, until, reason, worker FROM pace_fleet.pauses WHERE until > now() ORDER BY until, agent",
                r => new FleetPauseRow(r.GetString(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.GetString(3)), cancellationToken).ConfigureAwait(false)
            : [];
        // A run's lock is a bigint advisory lock: pg_locks shows its high half as classid and its low half as objid.
        var coordinated = version >= 4
            ? await RowsAsync(connection,
                """
                SELECT run, feature_list, coordinator, epoch,
                       EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                               AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended('pace-run:' || c.run, 0)),
                       finished, updated_at
                FROM pace_fleet.coordinated_runs c WHERE state IS NOT NULL ORDER BY updated_at DESC, run
                """,
                r => new FleetCoordinatedRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetBoolean(4), r.GetBoolean(5), r.GetFieldValue<DateTimeOffset>(6)), cancellationToken).ConfigureAwait(false)
            : [];
        return new FleetReport(version, now, workers, runs, leases) { Pauses = pauses, Coordinated = coordinated };
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken) =>
        (await RowsAsync(connection, sql, r => r.IsDBNull(0) ? default! : r.GetFieldValue<T>(0), cancellationToken).ConfigureAwait(false))[0];

    private static async Task<List<T>> RowsAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
