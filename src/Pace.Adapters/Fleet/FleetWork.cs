using Npgsql;

namespace Pace.Adapters.Fleet;

/// <summary>
/// The fleet's work items in PostgreSQL. A coordinator publishes; workers claim one item per free
/// slot (<c>FOR UPDATE SKIP LOCKED</c>: two workers never get the same item and never wait for each
/// other), keep it with heartbeats, and report it done. A claim whose lease ran out is claimed again
/// by the next worker, with a higher fence: the earlier holder's heartbeat and report are refused.
/// Publishing notifies <see cref="Channel"/>, so an idle worker waits on LISTEN instead of polling.
/// </summary>
public sealed class FleetWork(NpgsqlDataSource database)
{
    /// <summary>The LISTEN/NOTIFY channel of new or handed-back work.</summary>
    public const string Channel = "pace_fleet_work";

    /// <summary>The LISTEN/NOTIFY channel of items reported done, for the coordinators waiting for them.</summary>
    public const string DoneChannel = "pace_fleet_done";

    /// <summary>Adds the items not yet published for their run (an item is published once); returns how many were new.</summary>
    /// <param name="epoch">The epoch under which the publishing coordinator holds the items' run (<see cref="FleetRunRecord"/>): nothing is published unless it is still the run's. Null: not checked.</param>
    public async Task<int> PublishAsync(IReadOnlyList<WorkItem> items, CancellationToken cancellationToken, long? epoch = null)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (epoch is { } held && items.Count > 0)
        {
            // FOR SHARE: a takeover (which raises the epoch) waits for this transaction, and this one sees any takeover before it.
            await using var fence = new NpgsqlCommand("SELECT epoch FROM pace_fleet.coordinated_runs WHERE run = $1 FOR SHARE", connection) { Parameters = { new() { Value = items[0].Run } } };
            if (await fence.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long current || current != held)
            {
                throw new FleetRunLostException($"run {items[0].Run} is no longer this coordinator's: another one took it over, and publishes its items");
            }
        }

        var added = 0;
        foreach (var item in items)
        {
            await using var insert = new NpgsqlCommand(
                "INSERT INTO pace_fleet.work_items (run, item, kind, payload, agent) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run, item) DO NOTHING", connection)
            {
                Parameters =
                {
                    new() { Value = item.Run }, new() { Value = item.Item }, new() { Value = item.Kind }, new() { Value = Security.Secrets.Redact(item.Payload) },
                    new() { Value = (object?)item.Agent ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                },
            };
            added += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (added > 0)
        {
            await NotifyAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>A run the fleet works for, with its budget (null: none); opening it again sets the budget the coordinator has now, and keeps the cost.</summary>
    public async Task OpenRunAsync(string run, decimal? budgetUsd, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var open = new NpgsqlCommand(
            "INSERT INTO pace_fleet.runs (run, budget_usd) VALUES ($1, $2) ON CONFLICT (run) DO UPDATE SET budget_usd = $2", connection)
        {
            Parameters = { new() { Value = run }, new() { Value = (object?)budgetUsd ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric } },
        };
        await open.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A usage window of <paramref name="agent"/> (its account) met by <paramref name="worker"/>: until
    /// <paramref name="until"/> no worker claims an item of that agent (a later end already recorded stands).
    /// </summary>
    public async Task PauseAgentAsync(string agent, DateTimeOffset until, string reason, string worker, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var pause = new NpgsqlCommand(
            """
            INSERT INTO pace_fleet.pauses (agent, until, reason, worker) VALUES ($1, $2, $3, $4)
            ON CONFLICT (agent) DO UPDATE SET until = $2, reason = $3, worker = $4 WHERE pauses.until < $2
            """, connection)
        {
            Parameters = { new() { Value = agent }, new() { Value = until }, new() { Value = reason }, new() { Value = worker } },
        };
        await pause.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes back the run's item if no worker has claimed it and the run's budget is spent (no worker
    /// would claim it any more); true when it was withdrawn.
    /// </summary>
    public async Task<bool> WithdrawIfOverBudgetAsync(string run, string item, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var withdraw = new NpgsqlCommand(
            """
            DELETE FROM pace_fleet.work_items w WHERE w.run = $1 AND w.item = $2 AND w.state = 'ready'
              AND EXISTS (SELECT 1 FROM pace_fleet.runs r WHERE r.run = w.run AND r.budget_usd IS NOT NULL AND r.cost_usd >= r.budget_usd)
            """, connection)
        {
            Parameters = { new() { Value = run }, new() { Value = item } },
        };
        return await withdraw.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// The oldest claimable item (ready, or claimed with its lease run out), now held by
    /// <paramref name="worker"/>; null when there is none. An item whose agent a usage window pauses,
    /// or whose run has spent its budget, is not claimable: the budget is checked here, before the work.
    /// </summary>
    /// <param name="agents">The agents this worker runs (null: any); an item of another agent is left for another worker.</param>
    public async Task<WorkClaim?> ClaimAsync(string worker, TimeSpan lease, CancellationToken cancellationToken, IReadOnlyList<string>? agents = null)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var claim = new NpgsqlCommand(
            """
            UPDATE pace_fleet.work_items w
            SET state = 'claimed', worker = $1, fence = w.fence + 1, lease_until = now() + $2
            WHERE w.id = (
                SELECT i.id FROM pace_fleet.work_items i
                WHERE (i.state = 'ready' OR (i.state = 'claimed' AND i.lease_until < now()))
                  AND NOT EXISTS (SELECT 1 FROM pace_fleet.pauses p WHERE p.agent = i.agent AND p.until > now())
                  AND NOT EXISTS (SELECT 1 FROM pace_fleet.runs r WHERE r.run = i.run AND r.budget_usd IS NOT NULL AND r.cost_usd >= r.budget_usd)
                  AND ($3::text IS NULL OR i.agent IS NULL OR i.agent = ANY (string_to_array($3::text, E'\n')))
                ORDER BY i.id
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING w.id, w.run, w.item, w.kind, w.payload, w.fence, w.lease_until
            """, connection)
        {
            // One text of names a line each: the slim data source has no array types, and needs none.
            Parameters = { new() { Value = worker }, new() { Value = lease }, new() { Value = agents is null ? DBNull.Value : string.Join('\n', agents), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } },
        };
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var work = new WorkItem(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
        return new WorkClaim(reader.GetInt64(0), work, reader.GetInt64(5), worker, reader.GetFieldValue<DateTimeOffset>(6));
    }

    /// <summary>Extends the claim's lease; false when the claim is no longer this holder's (the lease ran out and another worker took the item, or it was handed back).</summary>
    public async Task<bool> HeartbeatAsync(WorkClaim claim, TimeSpan lease, CancellationToken cancellationToken) =>
        await ChangeHeldAsync(claim, "lease_until = now() + $3", lease, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Records the item done with <paramref name="result"/> and notifies <see cref="DoneChannel"/>;
    /// false (and nothing changes) when the claim is no longer this holder's. Payloads and results
    /// are the database's way in: both pass the redactor (docs/secrets.md) on their way there.
    /// </summary>
    /// <param name="costUsd">What the item's work cost, added to its run's cost in the same transaction.</param>
    public async Task<bool> CompleteAsync(WorkClaim claim, string result, CancellationToken cancellationToken, decimal costUsd = 0)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await ChangeHeldAsync(connection, claim, "state = 'done', result = $3, lease_until = NULL", Security.Secrets.Redact(result), cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            await using var cost = new NpgsqlCommand(
                "INSERT INTO pace_fleet.runs (run, cost_usd) VALUES ($1, $2) ON CONFLICT (run) DO UPDATE SET cost_usd = runs.cost_usd + $2", connection)
            {
                Parameters = { new() { Value = claim.Work.Run }, new() { Value = costUsd } },
            };
            await cost.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            // The notice names the item (DoneNotice), so that a coordinator's other waits need not look.
            await using var notify = new NpgsqlCommand($"SELECT pg_notify('{DoneChannel}', $1)", connection)
            {
                Parameters = { new() { Value = DoneNotice(claim.Work.Run, claim.Work.Item) } },
            };
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>The payload of the notice on <see cref="DoneChannel"/> that item <paramref name="item"/> of <paramref name="run"/> is done.</summary>
    public static string DoneNotice(string run, string item) => $"{run}\n{item}";

    /// <summary>The result of the run's item once it is done; null while it is not (or was never published).</summary>
    public async Task<string?> ResultAsync(string run, string item, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var read = new NpgsqlCommand("SELECT result FROM pace_fleet.work_items WHERE run = $1 AND item = $2 AND state = 'done'", connection)
        {
            Parameters = { new() { Value = run }, new() { Value = item } },
        };
        return await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>
    /// Whether the run's item still waits for a worker (published, unclaimed), with the workers seen
    /// in the last 30 s and the end of a usage window that pauses its agent (null: none); null when
    /// the item is claimed or done.
    /// </summary>
    public async Task<(int Workers, DateTimeOffset? PausedUntil)?> UnclaimedAsync(string run, string item, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var read = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM pace_fleet.workers WHERE stopped_at IS NULL AND seen_at > now() - interval '30 seconds')::int,
                   (SELECT until FROM pace_fleet.pauses p WHERE p.agent = w.agent AND p.until > now())
            FROM pace_fleet.work_items w WHERE run = $1 AND item = $2 AND state = 'ready'
            """, connection)
        {
            Parameters = { new() { Value = run }, new() { Value = item } },
        };
        await using var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await row.ReadAsync(cancellationToken).ConfigureAwait(false) ? (row.GetInt32(0), row.IsDBNull(1) ? null : row.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    /// <summary>Hands the item back unfinished (a worker stopping), for the next free slot; false when it was no longer this holder's.</summary>
    public async Task<bool> HandBackAsync(WorkClaim claim, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await ChangeHeldAsync(connection, claim, "state = 'ready', worker = NULL, lease_until = NULL", null, cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            await NotifyAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>
    /// Waits until work may be there: a notice on <see cref="Channel"/>, or <paramref name="timeout"/>
    /// (a worker looks again then anyway, for leases that ran out without a notice).
    /// </summary>
    public static async Task WaitForWorkAsync(NpgsqlConnection listening, TimeSpan timeout, CancellationToken cancellationToken) =>
        await listening.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>A connection listening on <see cref="Channel"/>, for <see cref="WaitForWorkAsync"/>; opened before looking for work, so no notice falls in between. <see cref="UnlistenAsync"/> before disposing it.</summary>
    public async Task<NpgsqlConnection> ListenAsync(CancellationToken cancellationToken, string channel = Channel)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>A worker starting (or starting again under the same id): its host and slots, seen now.</summary>
    public async Task RegisterAsync(string worker, string host, int slots, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var register = new NpgsqlCommand(
            """
            INSERT INTO pace_fleet.workers (id, host, slots) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET host = $2, slots = $3, started_at = now(), seen_at = now(), stopped_at = NULL
            """, connection)
        {
            Parameters = { new() { Value = worker }, new() { Value = host }, new() { Value = slots } },
        };
        await register.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The worker is alive (<paramref name="stopped"/>: it stopped, and says so).</summary>
    public async Task SeenAsync(string worker, bool stopped, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var seen = new NpgsqlCommand(
            stopped ? "UPDATE pace_fleet.workers SET seen_at = now(), stopped_at = now() WHERE id = $1" : "UPDATE pace_fleet.workers SET seen_at = now() WHERE id = $1", connection)
        {
            Parameters = { new() { Value = worker } },
        };
        await seen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a connection's listening before it goes back to the pool (which does not reset it); a broken connection is dropped by the pool anyway.</summary>
    public static async Task UnlistenAsync(NpgsqlConnection listening)
    {
        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", listening);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
        }
    }

    private async Task<bool> ChangeHeldAsync(WorkClaim claim, string set, object? value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ChangeHeldAsync(connection, claim, set, value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes the item only while the claim still holds it: same fence, still claimed. <paramref name="value"/> is $3 of <paramref name="set"/>, if it has one.</summary>
    private static async Task<bool> ChangeHeldAsync(NpgsqlConnection connection, WorkClaim claim, string set, object? value, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            $"UPDATE pace_fleet.work_items SET {set} WHERE id = $1 AND fence = $2 AND state = 'claimed'", connection)
        {
            Parameters = { new() { Value = claim.Id }, new() { Value = claim.Fence } },
        };
        if (value is not null)
        {
            update.Parameters.Add(new() { Value = value });
        }

        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, CancellationToken cancellationToken, string channel = Channel)
    {
        await using var notify = new NpgsqlCommand($"NOTIFY {channel}", connection);
        await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
