using System.Diagnostics;
using System.Text.Json;
using Pace.Adapters.Storage;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Storage;

public sealed class RunLockTests
{
    private static void WriteLock(TempFolder folder, RunLockHolder holder)
    {
        Directory.CreateDirectory(folder.File(".pace"));
        File.WriteAllText(folder.File(RunLock.RelativePath), JsonSerializer.Serialize(holder, RunLockJson.Default.RunLockHolder));
    }

    private static RunLockHolder Holder(int pid, string? startTime, string? host = null) =>
        new(pid, startTime, host ?? Environment.MachineName, "pace run", DateTimeOffset.UnixEpoch, "someone-else");

    [Fact]
    public void I_can_take_the_lock_and_it_names_me_until_I_release_it()
    {
        using var folder = new TempFolder();

        using (var runLock = RunLock.Acquire(folder.Path, "pace run --max-sessions 3"))
        {
            runLock.TakenOverFrom.ShouldBeNull();
            var holder = JsonSerializer.Deserialize(File.ReadAllText(folder.File(".pace/lock")), RunLockJson.Default.RunLockHolder)!;
            holder.Pid.ShouldBe(Environment.ProcessId);
            holder.Host.ShouldBe(Environment.MachineName);
            holder.Command.ShouldBe("pace run --max-sessions 3");
            holder.StartTime.ShouldNotBeNullOrEmpty();
            holder.ShouldBe(runLock.Holder);
        }

        File.Exists(folder.File(".pace/lock")).ShouldBeFalse();
        Directory.GetFiles(folder.File(".pace")).ShouldBeEmpty();
    }

    [Fact]
    public void A_second_run_is_refused_with_the_holder_named()
    {
        using var folder = new TempFolder();
        using var first = RunLock.Acquire(folder.Path, "pace run");
        var before = File.ReadAllText(first.Path);

        var error = Should.Throw<RunLockedException>(() => RunLock.Acquire(folder.Path, "pace spec run x"));

        error.Message.ShouldContain($"pid {Environment.ProcessId}");
        error.Message.ShouldContain("'pace run'");
        error.Holder.ShouldBe(first.Holder);
        File.ReadAllText(first.Path).ShouldBe(before);
    }

    [Fact]
    public void A_second_run_is_refused_while_the_first_runs_even_when_the_lock_file_was_deleted()
    {
        using var folder = new TempFolder();
        using var first = RunLock.Acquire(folder.Path, "pace run");
        File.Delete(first.Path);

        var error = Should.Throw<RunLockedException>(() => RunLock.Acquire(folder.Path, "pace run"));

        error.Message.ShouldContain("another Pace is running");
        error.Message.ShouldContain("was deleted");
        File.Exists(first.Path).ShouldBeFalse();
    }

    [Fact]
    public void A_second_run_is_refused_while_the_first_runs_even_when_the_lock_file_was_replaced_by_a_dead_runs()
    {
        using var folder = new TempFolder();
        using var first = RunLock.Acquire(folder.Path, "pace run");
        var dead = Holder(int.MaxValue, "1");
        WriteLock(folder, dead);

        var error = Should.Throw<RunLockedException>(() => RunLock.Acquire(folder.Path, "pace run"));

        error.Message.ShouldContain("another Pace is running");
        error.Message.ShouldContain($"names {dead}, which no longer holds it");
        error.Holder.ShouldBe(dead);
        File.ReadAllText(first.Path).ShouldContain("someone-else");
    }

    [Fact]
    public void The_lock_is_free_again_once_its_holder_released_it()
    {
        using var folder = new TempFolder();
        RunLock.Acquire(folder.Path, "pace run").Dispose();

        using var second = RunLock.Acquire(folder.Path, "pace run");

        second.TakenOverFrom.ShouldBeNull();
    }

    [Fact]
    public async Task The_lock_is_free_again_at_once_even_while_other_threads_start_processes()
    {
        // Starting a process forks: until the child execs, it holds a copy of every descriptor,
        // the host lock's among them, so a lock just released can still look held for a moment.
        using var folder = new TempFolder();
        using var stop = new CancellationTokenSource();
        var started = 0;
        var starter = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
                child.WaitForExit();
                started++;
            }
        }, TestContext.Current.CancellationToken);

        try
        {
            var elapsed = Stopwatch.StartNew();
            while (elapsed.Elapsed < TimeSpan.FromSeconds(1))
            {
                RunLock.Acquire(folder.Path, "pace run").Dispose();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await starter;
        }

        started.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_lock_left_by_a_dead_process_is_taken_over_and_reported()
    {
        using var folder = new TempFolder();
        using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await child.WaitForExitAsync(TestContext.Current.CancellationToken);
        var stale = Holder(child.Id, "1");
        WriteLock(folder, stale);

        using var runLock = RunLock.Acquire(folder.Path, "pace run");

        runLock.TakenOverFrom.ShouldBe(stale);
        File.ReadAllText(runLock.Path).ShouldContain(runLock.Holder.Token);
    }

    [Fact]
    public void A_lock_whose_pid_was_reused_by_a_later_process_is_taken_over()
    {
        using var folder = new TempFolder();
        // Our own pid is alive, but not the process that started at tick 1 after boot.
        var stale = Holder(Environment.ProcessId, "1");
        WriteLock(folder, stale);

        using var runLock = RunLock.Acquire(folder.Path, "pace run");

        runLock.TakenOverFrom.ShouldBe(stale);
    }

    [Fact]
    public void A_lock_held_on_another_host_is_refused_because_it_cannot_be_checked()
    {
        using var folder = new TempFolder();
        WriteLock(folder, Holder(int.MaxValue, "1", host: "elsewhere.example"));

        var error = Should.Throw<RunLockedException>(() => RunLock.Acquire(folder.Path, "pace run"));

        error.Message.ShouldContain("elsewhere.example");
        error.Message.ShouldContain("another host");
    }

    [Fact]
    public void An_unreadable_lock_is_refused_with_advice_and_left_alone()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.File(".pace"));
        File.WriteAllText(folder.File(".pace/lock"), "{\"pid\":");

        var error = Should.Throw<RunLockedException>(() => RunLock.Acquire(folder.Path, "pace run"));

        error.Message.ShouldContain("cannot be read");
        File.ReadAllText(folder.File(".pace/lock")).ShouldBe("{\"pid\":");
    }

    [Fact]
    public void Releasing_a_lock_someone_else_took_over_leaves_theirs_in_place()
    {
        using var folder = new TempFolder();
        var mine = RunLock.Acquire(folder.Path, "pace run");
        WriteLock(folder, Holder(Environment.ProcessId, mine.Holder.StartTime));

        mine.Dispose();

        File.ReadAllText(folder.File(".pace/lock")).ShouldContain("someone-else");
    }
}
