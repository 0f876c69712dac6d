using Pace.Adapters.Storage;
using Pace.Adapters.Tests.Support;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Tests.Storage;

public sealed class JournalTests
{
    [Fact]
    public void Entries_appended_come_back_in_order_one_line_each()
    {
        using var folder = new TempFolder();
        var path = folder.File(".pace/journal.jsonl");
        var journal = Journal.Open(path, StorageTestJson.Default.TestEntry);
        journal.Contents.Entries.ShouldBeEmpty();

        journal.Append(new TestEntry("started", 1));
        journal.Append(new TestEntry("finished", 2, "line one\nline two"));

        File.ReadAllLines(path).Length.ShouldBe(2);
        var contents = Journal.Read(path, StorageTestJson.Default.TestEntry);
        contents.Entries.ShouldBe([new TestEntry("started", 1), new TestEntry("finished", 2, "line one\nline two")]);
        contents.DroppedLastLine.ShouldBeNull();
    }

    [Fact]
    public void A_missing_journal_is_empty()
    {
        using var folder = new TempFolder();

        Journal.Read(folder.File("none.jsonl"), StorageTestJson.Default.TestEntry).Entries.ShouldBeEmpty();
    }

    [Fact]
    public void A_torn_last_line_is_dropped_with_a_warning_and_cut_off_when_opened_for_appending()
    {
        using var folder = new TempFolder();
        var path = folder.File("journal.jsonl");
        File.WriteAllText(path, "{\"kind\":\"a\",\"number\":1}\n{\"kind\":\"b\",\"num");

        var read = Journal.Read(path, StorageTestJson.Default.TestEntry);
        read.Entries.ShouldBe([new TestEntry("a", 1)]);
        var warning = read.DroppedLastLine.ShouldNotBeNull();
        warning.Severity.ShouldBe(Severity.Warning);
        (warning.File, warning.Line).ShouldBe((path, 2));
        File.ReadAllText(path).ShouldEndWith("num");

        var journal = Journal.Open(path, StorageTestJson.Default.TestEntry);
        journal.Contents.DroppedLastLine.ShouldNotBeNull();
        journal.Append(new TestEntry("c", 3));

        File.ReadAllText(path).ShouldBe("{\"kind\":\"a\",\"number\":1}\n{\"kind\":\"c\",\"number\":3,\"note\":null}\n");
    }

    [Fact]
    public void A_complete_last_line_without_its_newline_is_kept_and_terminated_before_the_next_append()
    {
        using var folder = new TempFolder();
        var path = folder.File("journal.jsonl");
        File.WriteAllText(path, "{\"kind\":\"a\",\"number\":1}");

        var journal = Journal.Open(path, StorageTestJson.Default.TestEntry);
        journal.Append(new TestEntry("b", 2));

        journal.Contents.DroppedLastLine.ShouldBeNull();
        Journal.Read(path, StorageTestJson.Default.TestEntry).Entries.ShouldBe([new TestEntry("a", 1), new TestEntry("b", 2)]);
    }

    [Fact]
    public void An_invalid_line_in_the_middle_is_an_error_naming_the_line()
    {
        using var folder = new TempFolder();
        var path = folder.File("journal.jsonl");
        File.WriteAllText(path, "{\"kind\":\"a\",\"number\":1}\n{\"kind\":\"b\",oops}\n{\"kind\":\"c\",\"number\":3}\n");

        var error = Should.Throw<InputException>(() => Journal.Read(path, StorageTestJson.Default.TestEntry));

        var diagnostic = error.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.File, diagnostic.Line, diagnostic.Column).ShouldBe((path, 2, 13));
        error.Message.ShouldContain($"{path}:2:13");
        Should.Throw<InputException>(() => Journal.Open(path, StorageTestJson.Default.TestEntry));
        File.ReadAllText(path).ShouldContain("oops");
    }
}
