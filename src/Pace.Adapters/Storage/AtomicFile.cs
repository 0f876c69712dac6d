namespace Pace.Adapters.Storage;

/// <summary>
/// Writes files so that a reader, or a process killed half-way, sees either the old content or the
/// new, never a mix: the bytes go to a temporary file in the same folder, are flushed to disk, and
/// the temporary file is renamed over the target.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, bool keepBackup = false)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temp = TempPathFor(full);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(full))
            {
                CopyMode(full, temp);
                if (keepBackup)
                {
                    var backupTemp = TempPathFor(full + ".bak");
                    File.Copy(full, backupTemp, overwrite: true);
                    File.Move(backupTemp, full + ".bak", overwrite: true);
                }
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            // After a successful move the temporary name no longer exists; after a failure it must not stay.
            File.Delete(temp);
        }
    }

    public static void WriteAllText(string path, string content, bool keepBackup = false) =>
        Write(path, System.Text.Encoding.UTF8.GetBytes(content), keepBackup);

    private static string TempPathFor(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    private static void CopyMode(string from, string to)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        }
    }
}
