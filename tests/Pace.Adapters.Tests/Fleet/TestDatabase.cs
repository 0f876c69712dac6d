using Npgsql;
using Pace.Adapters.Fleet;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>
/// A fresh database of its own on the test run's PostgreSQL (scripts/postgres.sh, started by
/// scripts/test.sh: PACE_TEST_POSTGRES names it, the password file PGPASSFILE names holds the password), dropped after.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _server;

    private TestDatabase(NpgsqlDataSource server, string name, string connectionString)
    {
        _server = server;
        Name = name;
        ConnectionString = connectionString;
        Source = FleetDatabase.Open(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource Source { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("PACE_TEST_POSTGRES")
            ?? throw new InvalidOperationException("PACE_TEST_POSTGRES is not set: the fleet tests need the PostgreSQL that scripts/test.sh starts (scripts/postgres.sh start DIR, then . DIR/env)");
        var name = "pace_test_" + Guid.NewGuid().ToString("N")[..12];
        var source = FleetDatabase.Open(server);
        await using (var create = source.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(source, name, database);
    }

    /// <summary>A fresh database with the fleet's schema, and the work items on it.</summary>
    public static async Task<(TestDatabase Database, FleetWork Work)> MigratedAsync()
    {
        var database = await CreateAsync();
        await FleetSchema.MigrateAsync(database.Source, TestContext.Current.CancellationToken);
        return (database, new FleetWork(database.Source));
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await using (var drop = _server.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)"))
        {
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await _server.DisposeAsync();
    }
}
