using Npgsql;
using Pace.Adapters.Fleet;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>A coordinated run's record on a real PostgreSQL: one coordinator holds a run at a time, and one that lost it can neither write its state nor publish.</summary>
public sealed class FleetRunRecordTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_is_taken_over_only_once_its_lock_is_free_and_the_coordinator_that_lost_it_can_write_and_publish_nothing()
    {
        var (database, work) = await TestDatabase.MigratedAsync();
        await using var _ = database;
        var record = new FleetRunRecord(database.Source);
        var first = await record.HoldAsync("run-1", "host-a:/repo", "feature_list.json", FleetRunRecord.Mode.Start, Token);
        await record.WriteAsync("run-1", first.Epoch, "{\"state\":1}", "refs/pace/fleet/run-1/run-1", false, ["line 1\n"], [(1, "{\"evidence\":1}")], Token);
        await work.PublishAsync([new WorkItem("run-1", "session-1", "feature", "{}")], Token, first.Epoch);

        var whileHeld = await Should.ThrowAsync<FleetRunLostException>(() => record.HoldAsync("run-1", "host-b:/clone", "feature_list.json", FleetRunRecord.Mode.TakeOver, Token));
        await first.DisposeAsync();
        var second = await record.HoldAsync("run-1", "host-b:/clone", "feature_list.json", FleetRunRecord.Mode.TakeOver, Token);
        var saved = await record.ReadAsync("run-1", Token);

        first.Epoch.ShouldBe(1);
        whileHeld.Message.ShouldContain("run run-1 is held by its coordinator (host-a:/repo)");
        second.Epoch.ShouldBe(2);
        saved!.State.ShouldBe("{\"state\":1}");
        saved.RunRef.ShouldBe("refs/pace/fleet/run-1/run-1");
        saved.Journal.ShouldBe(["line 1\n"]);
        saved.Evidence.ShouldBe(["{\"evidence\":1}"]);
        // The first coordinator, come back: its state, its items and its own start are refused.
        await Should.ThrowAsync<FleetRunLostException>(() => record.WriteAsync("run-1", first.Epoch, "{\"state\":2}", null, false, [], [], Token));
        await Should.ThrowAsync<FleetRunLostException>(() => work.PublishAsync([new WorkItem("run-1", "session-2", "feature", "{}")], Token, first.Epoch));
        (await Should.ThrowAsync<FleetRunLostException>(() => record.HoldAsync("run-1", "host-a:/repo", "feature_list.json", FleetRunRecord.Mode.Start, Token)))
            .Message.ShouldContain("run run-1 is held by its coordinator (host-b:/clone)");
        (await work.PublishAsync([new WorkItem("run-1", "session-2", "feature", "{}")], Token, second.Epoch)).ShouldBe(1);
        (await record.ReadAsync("run-1", Token))!.State.ShouldBe("{\"state\":1}");
        await second.DisposeAsync();
        (await Should.ThrowAsync<FleetRunLostException>(() => record.HoldAsync("run-1", "host-a:/repo", "feature_list.json", FleetRunRecord.Mode.Start, Token)))
            .Message.ShouldContain("was taken over by host-b:/clone");
    }

    [Fact]
    public async Task A_spec_runs_files_and_refs_are_kept_redacted_files_it_no_longer_has_go_and_a_check_under_the_lock_that_refuses_leaves_the_epoch_as_it_was()
    {
        var (database, _) = await TestDatabase.MigratedAsync();
        await using var __ = database;
        var record = new FleetRunRecord(database.Source);
        const string Key = "sk-ant-api03-abcdefghij0123456789xyz";
        var hold = await record.HoldAsync("spec-1", "host-a:/repo", "spec specs/demo.json", FleetRunRecord.Mode.Start, Token);
        var files = new Dictionary<string, string> { ["specs/demo/wave-1/a/evidence.json"] = $"{{\"note\":\"{Key}\"}}", ["forge/pulls/1.json"] = "{}" };
        await record.WriteAsync("spec-1", hold.Epoch, "{}", null, false, [], [], Token, new RunFiles(files, [.. files.Keys], "c1 refs/heads/main\n"));
        var first = (await record.ReadAsync("spec-1", Token))!;
        // The next write: the pull request changed, the evidence went (set aside as an attempt's).
        await record.WriteAsync("spec-1", hold.Epoch, "{}", null, false, [], [], Token, new RunFiles(new Dictionary<string, string> { ["forge/pulls/1.json"] = "{\"n\":1}" }, ["forge/pulls/1.json"], "c2 refs/heads/main\n"));
        await hold.DisposeAsync();

        var saved = (await record.ReadAsync("spec-1", Token))!;
        first.Files["specs/demo/wave-1/a/evidence.json"].ShouldBe("{\"note\":\"[REDACTED]\"}");
        first.Refs.ShouldBe("c1 refs/heads/main\n");
        saved.Files.ShouldBe(new Dictionary<string, string> { ["forge/pulls/1.json"] = "{\"n\":1}" });
        saved.Refs.ShouldBe("c2 refs/heads/main\n");

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => record.HoldAsync("spec-1", "host-b:/clone", "spec specs/demo.json", FleetRunRecord.Mode.TakeOver, Token, underLock: _ => throw new InvalidOperationException("not ready")));
        var taken = await record.HoldAsync("spec-1", "host-c:/clone", "spec specs/demo.json", FleetRunRecord.Mode.TakeOver, Token);

        refused.Message.ShouldBe("not ready");
        taken.Epoch.ShouldBe(2);
        await taken.DisposeAsync();
    }

    [Fact]
    public async Task A_coordinator_whose_lock_connection_broke_holds_its_run_again_under_the_same_epoch_unless_another_took_it_meanwhile()
    {
        var (database, _) = await TestDatabase.MigratedAsync();
        await using var __ = database;
        var record = new FleetRunRecord(database.Source);
        var held = await record.HoldAsync("run-1", "host-a:/repo", "feature_list.json", FleetRunRecord.Mode.Start, Token);
        (await held.AliveAsync(Token)).ShouldBeTrue();

        // The server ends the lock's connection, as a restart or a cut network does.
        await TerminateLockHoldersAsync(database.Source);
        (await held.AliveAsync(Token)).ShouldBeFalse();
        await using var again = await record.HoldAsync("run-1", "host-a:/repo", "feature_list.json", FleetRunRecord.Mode.Again, Token, held.Epoch);
        again.Epoch.ShouldBe(held.Epoch);
        await held.DisposeAsync();

        await again.DisposeAsync();
        await using var other = await record.HoldAsync("run-1", "host-b:/clone", "feature_list.json", FleetRunRecord.Mode.TakeOver, Token);
        await other.DisposeAsync();
        (await Should.ThrowAsync<FleetRunLostException>(() => record.HoldAsync("run-1", "host-a:/repo", "feature_list.json", FleetRunRecord.Mode.Again, Token, held.Epoch)))
            .Message.ShouldContain("was taken over by host-b:/clone");
    }

    /// <summary>Ends the connections holding advisory locks in this test's own database (others' tests share the server), and waits until they are gone.</summary>
    private static async Task TerminateLockHoldersAsync(NpgsqlDataSource source)
    {
        const string holders = "FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND pid <> pg_backend_pid()";
        await using (var command = source.CreateCommand($"SELECT pg_terminate_backend(pid) {holders}"))
        {
            await command.ExecuteNonQueryAsync(Token);
        }

        for (var waited = 0; waited < 100; waited++)
        {
            await using var left = source.CreateCommand($"SELECT count(*) {holders}");
            if ((long)(await left.ExecuteScalarAsync(Token))! == 0)
            {
                return;
            }

            await Task.Delay(100, Token);
        }
    }
}
