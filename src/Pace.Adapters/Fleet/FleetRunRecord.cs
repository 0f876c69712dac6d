using Npgsql;

namespace Pace.Adapters.Fleet;

/// <summary>
/// A coordinated run's record in the fleet database (<c>pace_fleet.coordinated_runs</c>, its journal
/// and its sessions' evidence): what a coordinator on another host needs to take the run over. One
/// coordinator holds a run at a time: it holds the run's advisory lock on a connection of its own, and
/// every write of the run's record, and every item it publishes, names the run's epoch, which grows
/// with each start and each takeover, so a coordinator that lost the run (killed, cut off, taken over)
/// cannot write over the one that holds it now.
/// </summary>
public sealed class FleetRunRecord(NpgsqlDataSource database)
{
    public enum Mode
    {
        /// <summary>This coordinator's own run (a new one, or its own started again): refused when another coordinator took it over.</summary>
        Start,

        /// <summary><c>--take-over</c>: another coordinator's run, whose lock is free (that coordinator is gone).</summary>
        TakeOver,

        /// <summary>This process held the run and its lock's connection broke (the database restarted): held again under the same epoch, unless another coordinator took it meanwhile.</summary>
        Again,
    }

    /// <summary>Holds <paramref name="run"/> for <paramref name="coordinator"/> (a repository on a host, <see cref="CoordinatorOf"/>).</summary>
    /// <param name="epoch">With <see cref="Mode.Again"/>: the epoch this process held.</param>
    /// <param name="underLock">
    /// Run once the run's lock is held and before its epoch is raised (a takeover's checks, read again
    /// under the lock): what it throws lets go of the lock and leaves the run as it was.
    /// </param>
    public async Task<FleetRunHold> HoldAsync(string run, string coordinator, string featureList, Mode mode, CancellationToken cancellationToken, long epoch = 0, Func<CancellationToken, Task>? underLock = null)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A coordinator cut off from the network loses its lock within about 25 s, as the server sees its
            // connection die: keepalives for an idle connection, the user timeout for one with a reply unacknowledged.
            await using (var keepalive = new NpgsqlCommand("SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET tcp_user_timeout = 25000", connection))
            {
                await keepalive.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var locking = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended('pace-run:' || $1, 0))", connection) { Parameters = { new() { Value = run } } })
            {
                if (await locking.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    var (coordinating, at, _) = await ReadRowAsync(connection, run, cancellationToken).ConfigureAwait(false);
                    if (mode == Mode.Again && coordinating == coordinator && at == epoch)
                    {
                        // Still this process's: the server has not yet seen its old connection go. Tried again later.
                        throw new FleetRunBusyException($"the lock of run {run} is still held by this coordinator's broken connection");
                    }

                    throw new FleetRunLostException($"run {run} is held by its coordinator ({coordinating ?? "starting"}), which is still connected to the fleet database; stop it first (a coordinator that died or was cut off lets go within about 25 s)");
                }
            }

            var (holder, held, finished) = await ReadRowAsync(connection, run, cancellationToken).ConfigureAwait(false);

            if (holder is null && mode == Mode.TakeOver)
            {
                throw new FleetRunLostException($"the fleet database has no run named {run} to take over ('pace fleet status' lists the runs)");
            }

            if (finished && mode == Mode.TakeOver)
            {
                throw new FleetRunLostException($"run {run} has finished; there is nothing to take over");
            }

            if (holder is not null && holder != coordinator && mode == Mode.Start && finished)
            {
                throw new FleetRunLostException($"run {run} was taken over by {holder}, which finished it; its work is there (and on the branches it merged into), and this repository's state of it is out of date (start a new run here to run it again)");
            }

            if (holder is not null && holder != coordinator && mode == Mode.Start)
            {
                throw new FleetRunLostException($"run {run} was taken over by {holder}, which goes on with it; this repository's state of it is out of date (start a new run, or take it back with --take-over {run} once that coordinator has stopped)");
            }

            if (mode == Mode.Again)
            {
                return held == epoch && holder == coordinator
                    ? new FleetRunHold(connection, run, epoch)
                    : throw new FleetRunLostException($"run {run} was taken over by {holder} while this coordinator was cut off from the fleet database; it goes on there, and this one stops");
            }

            if (underLock is not null)
            {
                await underLock(cancellationToken).ConfigureAwait(false);
            }

            var sql = holder is null
                ? "INSERT INTO pace_fleet.coordinated_runs (run, coordinator, feature_list) VALUES ($1, $2, $3) RETURNING epoch"
                : "UPDATE pace_fleet.coordinated_runs SET coordinator = $2, epoch = epoch + 1, updated_at = now() WHERE run = $1 RETURNING epoch";
            await using var claim = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = run }, new() { Value = coordinator }, new() { Value = featureList } } };
            epoch = (long)(await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            return new FleetRunHold(connection, run, epoch);
        }
        catch
        {
            await FleetRunHold.ReleaseAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The run as its last coordinator wrote it: null when the database has no state of it.</summary>
    public async Task<SavedRun?> ReadAsync(string run, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        string? state = null, runRef = null, featureList = null, refs = null;
        await using (var read = new NpgsqlCommand("SELECT state, run_ref, feature_list, refs FROM pace_fleet.coordinated_runs WHERE run = $1", connection) { Parameters = { new() { Value = run } } })
        await using (var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (state, runRef, featureList, refs) = (row.IsDBNull(0) ? null : row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1), row.GetString(2), row.IsDBNull(3) ? null : row.GetString(3));
            }
        }

        if (state is null)
        {
            return null;
        }

        var lines = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT line FROM pace_fleet.run_journal WHERE run = $1 ORDER BY id", connection) { Parameters = { new() { Value = run } } })
        await using (var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lines.Add(row.GetString(0));
            }
        }

        var evidence = new List<string>();
        await using (var read = new NpgsqlCommand("SELECT evidence FROM pace_fleet.run_evidence WHERE run = $1 ORDER BY session", connection) { Parameters = { new() { Value = run } } })
        await using (var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                evidence.Add(row.GetString(0));
            }
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlCommand("SELECT path, content FROM pace_fleet.run_files WHERE run = $1 ORDER BY path", connection) { Parameters = { new() { Value = run } } })
        await using (var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await row.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                files[row.GetString(0)] = row.GetString(1);
            }
        }

        return new SavedRun(state, runRef, featureList!, lines, evidence) { Refs = refs, Files = files };
    }

    /// <summary>
    /// Writes what changed of the run in one transaction, while <paramref name="epoch"/> is the run's:
    /// otherwise another coordinator holds it now, and nothing is written (<see cref="FleetRunLostException"/>).
    /// Everything written passes the redactor.
    /// </summary>
    /// <param name="files">A spec run's files (<see cref="RunFiles"/>): those changed, and which there are now (the others go).</param>
    public async Task WriteAsync(string run, long epoch, string? state, string? runRef, bool finished, IReadOnlyList<string> journal, IReadOnlyList<(int Session, string Evidence)> evidence, CancellationToken cancellationToken, RunFiles? files = null)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var update = new NpgsqlCommand(
            "UPDATE pace_fleet.coordinated_runs SET state = coalesce($3, state), run_ref = coalesce($4, run_ref), finished = $5, updated_at = now() WHERE run = $1 AND epoch = $2", connection)
        {
            Parameters =
            {
                new() { Value = run }, new() { Value = epoch },
                new() { Value = state is null ? DBNull.Value : Security.Secrets.Redact(state), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                new() { Value = (object?)runRef ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                new() { Value = finished },
            },
        })
        {
            if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new FleetRunLostException($"run {run} is no longer this coordinator's: another one took it over");
            }
        }

        foreach (var line in journal)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO pace_fleet.run_journal (run, line) VALUES ($1, $2)", connection) { Parameters = { new() { Value = run }, new() { Value = Security.Secrets.Redact(line) } } };
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (session, json) in evidence)
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO pace_fleet.run_evidence (run, session, evidence) VALUES ($1, $2, $3) ON CONFLICT (run, session) DO UPDATE SET evidence = excluded.evidence", connection)
            {
                Parameters = { new() { Value = run }, new() { Value = session }, new() { Value = Security.Secrets.Redact(json) } },
            };
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (files is not null)
        {
            await WriteFilesAsync(connection, run, files, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Who coordinates from the repository at <paramref name="root"/> on this host: the same after a restart, another on another host or in another clone.</summary>
    public static string CoordinatorOf(string root) => $"{Environment.MachineName}:{Path.GetFullPath(root)}";

    private static async Task WriteFilesAsync(NpgsqlConnection connection, string run, RunFiles files, CancellationToken cancellationToken)
    {
        await using (var refs = new NpgsqlCommand("UPDATE pace_fleet.coordinated_runs SET refs = $2 WHERE run = $1", connection) { Parameters = { new() { Value = run }, new() { Value = files.Refs } } })
        {
            await refs.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // The paths as one text, split by the server: the slim data source sends no arrays (and has no path with a newline).
        await using (var gone = new NpgsqlCommand("DELETE FROM pace_fleet.run_files WHERE run = $1 AND NOT (path = ANY (string_to_array($2, chr(10))))", connection) { Parameters = { new() { Value = run }, new() { Value = string.Join('\n', files.Present) } } })
        {
            await gone.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var (path, content) in files.Changed)
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO pace_fleet.run_files (run, path, content) VALUES ($1, $2, $3) ON CONFLICT (run, path) DO UPDATE SET content = excluded.content", connection)
            {
                Parameters = { new() { Value = run }, new() { Value = path }, new() { Value = Security.Secrets.Redact(content) } },
            };
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(string? Holder, long Epoch, bool Finished)> ReadRowAsync(NpgsqlConnection connection, string run, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("SELECT coordinator, epoch, finished FROM pace_fleet.coordinated_runs WHERE run = $1", connection) { Parameters = { new() { Value = run } } };
        await using var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await row.ReadAsync(cancellationToken).ConfigureAwait(false) ? (row.GetString(0), row.GetInt64(1), row.GetBoolean(2)) : (null, 0, false);
    }
}

/// <summary>A coordinator's hold of a run: the connection that keeps the run's advisory lock, and the run's epoch under it.</summary>
public sealed class FleetRunHold(NpgsqlConnection connection, string run, long epoch) : IAsyncDisposable
{
    public string Run => run;

    public long Epoch => epoch;

    /// <summary>Whether the lock's connection still works (a statement on it); false: it broke (the database restarted, the network went), and the lock went with it.</summary>
    public async Task<bool> AliveAsync(CancellationToken cancellationToken)
    {
        if (connection.FullState is System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed)
        {
            return false;
        }

        try
        {
            await using var probe = new NpgsqlCommand("SELECT 1", connection);
            await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (FleetDatabase.Unreachable(e))
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => ReleaseAsync(connection);

    /// <summary>
    /// Lets go of the run's lock and closes the connection. The lock is a session's: a pooled
    /// connection keeps it (the fleet's connections are not reset on close), so it is let go of first.
    /// </summary>
    internal static async ValueTask ReleaseAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (FleetDatabase.Unreachable(e))
        {
            // The connection is gone, and the lock with it.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }
}

/// <param name="State">The run's state (JSON, as <c>.pace/run/state.json</c>).</param>
/// <param name="RunRef">The ref on the run's remote that holds the run branch as that state knows it.</param>
public sealed record SavedRun(string State, string? RunRef, string FeatureList, IReadOnlyList<string> Journal, IReadOnlyList<string> Evidence)
{
    /// <summary>A spec run's refs as its state knows them (<see cref="RunFiles.Refs"/>), or null.</summary>
    public string? Refs { get; init; }

    /// <summary>A spec run's files under <c>.pace/</c>, by path relative to it.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();
}

/// <summary>What a spec run keeps beside its state for a takeover: its files under <c>.pace/</c> and its refs.</summary>
/// <param name="Changed">Files written since the last write, by path relative to <c>.pace/</c>.</param>
/// <param name="Present">Every file the run has now: the others are removed from the record.</param>
/// <param name="Refs">The run's refs ("SHA REF" lines), each commit pushed to the run's remote (<see cref="FleetSpecRunStore.RemoteRef"/>).</param>
public sealed record RunFiles(IReadOnlyDictionary<string, string> Changed, IReadOnlyList<string> Present, string Refs);

/// <summary>This coordinator does not (or no longer) hold the run: another does, or there is none to hold.</summary>
public sealed class FleetRunLostException(string message) : FleetException(message);

/// <summary>The run's git remote could not be used (pushed to, fetched from), after a few tries.</summary>
public sealed class FleetRemoteException(string message) : FleetException(message);

/// <summary>The run is this coordinator's, but the server still holds its lock for a connection of it that broke: try again in a moment.</summary>
public sealed class FleetRunBusyException(string message) : FleetException(message);
