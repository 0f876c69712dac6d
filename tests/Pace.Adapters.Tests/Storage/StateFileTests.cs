using Pace.Adapters.Storage;
using Pace.Adapters.Tests.Support;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Tests.Storage;

public sealed class StateFileTests
{
    [Fact]
    public void I_can_write_a_state_and_read_it_back()
    {
        using var folder = new TempFolder();
        var path = folder.File(".pace/state.json");

        StateFile.Read(path, StorageTestJson.Default.TestEntry).ShouldBeNull();
        StateFile.Write(path, new TestEntry("execute", 2), StorageTestJson.Default.TestEntry);
        StateFile.Write(path, new TestEntry("review", 3), StorageTestJson.Default.TestEntry);

        StateFile.Read(path, StorageTestJson.Default.TestEntry).ShouldBe(new TestEntry("review", 3));
        Directory.GetFiles(folder.File(".pace")).ShouldBe([path]);
    }

    [Fact]
    public void A_truncated_state_file_is_an_input_error_naming_file_line_and_column()
    {
        using var folder = new TempFolder();
        var path = folder.File("state.json");
        StateFile.Write(path, new TestEntry("execute", 2), StorageTestJson.Default.TestEntry);
        var full = File.ReadAllText(path);
        File.WriteAllText(path, full[..full.IndexOf("\"number\"", StringComparison.Ordinal)]);

        var error = Should.Throw<InputException>(() => StateFile.Read(path, StorageTestJson.Default.TestEntry));

        var diagnostic = error.Diagnostics.ShouldHaveSingleItem();
        diagnostic.File.ShouldBe(path);
        diagnostic.Line.ShouldBe(3);
        diagnostic.Column.ShouldNotBeNull();
        error.Message.ShouldStartWith($"{path}:3:");
    }

    [Fact]
    public void An_empty_or_invalid_state_file_is_an_input_error()
    {
        using var folder = new TempFolder();
        var path = folder.File("state.json");

        File.WriteAllText(path, "");
        Should.Throw<InputException>(() => StateFile.Read(path, StorageTestJson.Default.TestEntry)).Diagnostics.ShouldHaveSingleItem().Line.ShouldBe(1);

        File.WriteAllText(path, "{\n  \"kind\": 5\n}");
        var error = Should.Throw<InputException>(() => StateFile.Read(path, StorageTestJson.Default.TestEntry));
        // System.Text.Json points just after the value of the wrong type.
        (error.Diagnostics[0].Line, error.Diagnostics[0].Column).ShouldBe((2, 12));

        File.WriteAllText(path, "null");
        Should.Throw<InputException>(() => StateFile.Read(path, StorageTestJson.Default.TestEntry));
    }
}
