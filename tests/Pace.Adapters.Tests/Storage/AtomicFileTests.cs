using System.Text;
using Pace.Adapters.Storage;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Storage;

public sealed class AtomicFileTests
{
    [Fact]
    public void I_keep_the_previous_content_as_a_backup_that_later_saves_do_not_change_through_a_shared_file()
    {
        using var folder = new TempFolder();
        var path = folder.File("list.json");
        File.WriteAllText(path, "one");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        AtomicFile.Write(path, "two"u8, keepBackup: true);
        AtomicFile.Write(path, "three"u8, keepBackup: true, durable: false);
        File.AppendAllText(path, " and more");

        File.ReadAllText(path).ShouldBe("three and more");
        File.ReadAllText(path + ".bak").ShouldBe("two");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(mode);
        }

        Directory.GetFiles(folder.Path).Order().ShouldBe([path, path + ".bak"]);
    }

    [Fact]
    public void I_can_write_content_given_as_pieces()
    {
        using var folder = new TempFolder();
        var path = folder.File("a/b.txt");
        var source = Encoding.UTF8.GetBytes("keep this, change that, keep the rest");

        AtomicFile.WriteVerbatim(path, [source.AsMemory(0, 11), "edit"u8.ToArray(), source.AsMemory(22)], durable: false);

        File.ReadAllText(path).ShouldBe("keep this, edit, keep the rest");
        Directory.GetFiles(folder.File("a")).ShouldBe([path]);
    }
}
