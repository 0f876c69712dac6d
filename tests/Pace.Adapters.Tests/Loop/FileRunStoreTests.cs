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
}
