using System.Text;

namespace Pace.Cli.Tests;

/// <summary>A fresh folder under the system's temporary folder, deleted with everything in it at the end.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
        : this(System.IO.Path.GetTempPath())
    {
    }

    private TempFolder(string root)
    {
        Path = System.IO.Path.Combine(root, "pace-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>
    /// A folder in memory where the system has one (/dev/shm): every save flushes to disk, and
    /// thousands of flushes on a real disk would make the property tests slow, not stricter.
    /// </summary>
    public static TempFolder InMemory() => new(Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath());

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    public string Write(string relative, byte[] bytes)
    {
        var full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public string Folder(string relative) => Directory.CreateDirectory(this[relative]).FullName;

    public byte[] Bytes(string relative) => File.ReadAllBytes(this[relative]);

    public string Text(string relative) => File.ReadAllText(this[relative]);

    /// <summary>Every file below the folder, as paths relative to it, sorted.</summary>
    public IReadOnlyList<string> Files() =>
        Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless; a test must not fail for it.
        }
    }
}
