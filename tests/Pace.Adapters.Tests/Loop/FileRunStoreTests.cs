using Pace.Adapters.Loop;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Loop;

public sealed class FileRunStoreTests
{
    [Fact]
    public void A_new_session_folder_is_made_empty_whether_or_not_an_earlier_attempt_left_one()
    {
        using var temp = new TempFolder();
        var store = new FileRunStore(temp.File(".pace"), TimeProvider.System);

        var fresh = store.NewSessionFolder(1);
        File.WriteAllText(Path.Combine(fresh, "transcript.jsonl"), "{}\n");
        Directory.CreateDirectory(Path.Combine(fresh, "checks"));
        var again = store.NewSessionFolder(1);

        fresh.ShouldBe(temp.File(".pace/sessions/0001"));
        again.ShouldBe(fresh);
        Directory.EnumerateFileSystemEntries(again).ShouldBeEmpty();
    }

    [Fact]
    public void Journal_lines_are_whole_json_lines_in_order()
    {
        using var temp = new TempFolder();
        var store = new FileRunStore(temp.File(".pace"), TimeProvider.System);

        store.Journal("session-started", 1, "A-1");
        store.Journal("run-finished", null, "say \"done\"\nnow");

        var lines = store.ReadJournal();
        lines.DroppedLastLine.ShouldBeNull();
        lines.Entries.Select(e => (e.Step, e.Session, e.Detail)).ShouldBe([("session-started", (int?)1, (string?)"A-1"), ("run-finished", null, "say \"done\"\nnow")]);
    }

    [Fact]
    public void Pace_files_written_by_pace_while_an_agent_runs_are_kept_and_an_agents_edit_of_them_is_undone()
    {
        using var temp = new TempFolder();
        var store = new FileRunStore(temp.File(".pace"), TimeProvider.System);
        store.Save(State(1));
        store.Journal("session-started", 1, "A-1");

        // Two agents at once (a parallel run's lanes): while the first runs, the run saves the state and journals for the second.
        var first = store.CaptureOwnFiles();
        var second = store.CaptureOwnFiles();
        store.Save(State(2));
        store.Journal("session-started", 2, "B-2");
        File.AppendAllText(store.JournalPath, "{\"step\":\"forged\"}\n");
        var touchedBySecond = store.RestoreOwnFiles(second);
        store.Journal("agent-finished", 2);
        var stateAfterSecond = File.ReadAllText(store.StatePath);
        File.WriteAllText(store.StatePath, "{}");
        var touchedByFirst = store.RestoreOwnFiles(first);

        touchedBySecond.ShouldBe([".pace/run/journal.jsonl"]);
        touchedByFirst.ShouldBe([".pace/run/state.json"]);
        File.ReadAllText(store.StatePath).ShouldBe(stateAfterSecond);
        store.Load()!.LastSession.ShouldBe(2);
        store.ReadJournal().Entries.Select(e => e.Step).ShouldBe(["session-started", "session-started", "agent-finished"]);
    }

    private static Pace.Core.Loop.RunState State(int lastSession) => new()
    {
        RunId = "r",
        StartedAt = DateTimeOffset.UnixEpoch,
        Options = new Pace.Core.Loop.RunOptions("script", null, 3, null),
        LastSession = lastSession,
    };
}
