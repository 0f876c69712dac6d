using System.Runtime.InteropServices;
using Pace.Adapters.Security;

namespace Pace.Adapters.Storage;

/// <summary>
/// Writes files so that a reader, or a process killed half-way, sees either the old content or the
/// new, never a mix: the bytes go to a temporary file in the same folder, and the temporary file is
/// renamed over the target. A durable write also flushes the bytes to disk before the rename, so
/// that a power cut cannot leave the new name without its content; only the hand-run feature-list
/// commands skip that wait (docs/performance.md).
/// <para>
/// What Pace writes passes the process's redactor (<see cref="Secrets"/>) on the way: evidence, state,
/// journals, progress.txt, pull request records. Only files that belong to the user and that Pace
/// edits in place (the feature list, a spec's task statuses, restored owned files) are written
/// verbatim, by name: <see cref="WriteVerbatim(string, ReadOnlySpan{byte}, bool, bool)"/>.
/// </para>
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Writes text Pace made, with every secret the redactor knows replaced.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content, bool keepBackup = false, bool durable = true)
    {
        if (Redacted(content) is { } clean)
        {
            WriteVerbatim(path, clean, keepBackup, durable);
            return;
        }

        WriteVerbatim(path, content, keepBackup, durable);
    }

    /// <summary>Writes the bytes exactly as given: a file of the user's that Pace edits, or restores.</summary>
    public static void WriteVerbatim(string path, ReadOnlySpan<byte> content, bool keepBackup = false, bool durable = true)
    {
        var (full, temp) = Begin(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: durable);
            }

            Finish(full, temp, keepBackup);
        }
        finally
        {
            // After a successful move the temporary name no longer exists; after a failure it must not stay.
            File.Delete(temp);
        }
    }

    /// <summary>Writes content given as pieces, one after another, verbatim (a large feature list edited in a few places).</summary>
    public static void WriteVerbatim(string path, IReadOnlyList<ReadOnlyMemory<byte>> pieces, bool keepBackup = false, bool durable = true)
    {
        var (full, temp) = Begin(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                foreach (var piece in pieces)
                {
                    stream.Write(piece.Span);
                }

                stream.Flush(flushToDisk: durable);
            }

            Finish(full, temp, keepBackup);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public static void WriteAllText(string path, string content, bool keepBackup = false) =>
        Write(path, System.Text.Encoding.UTF8.GetBytes(content), keepBackup);

    /// <summary>The content with its secrets replaced, or null when it holds none (the common case: no copy is made).</summary>
    private static byte[]? Redacted(ReadOnlySpan<byte> content)
    {
        var redactor = Secrets.Current;
        var text = System.Text.Encoding.UTF8.GetString(content);
        return redactor.Finds(text) ? System.Text.Encoding.UTF8.GetBytes(redactor.Redact(text)) : null;
    }

    /// <summary>
    /// Makes <c>path.bak</c> hold the current content. The rename that follows leaves the old file to
    /// the backup's name, so a second name for it (a hard link) is enough; where links are not to be
    /// had (Windows, some network file systems) the bytes are copied.
    /// </summary>
    private static void KeepBackup(string full)
    {
        var backupTemp = TempPathFor(full + ".bak");
        if (OperatingSystem.IsWindows() || NativeMethods.Link(full, backupTemp) != 0)
        {
            File.Copy(full, backupTemp, overwrite: true);
        }

        File.Move(backupTemp, full + ".bak", overwrite: true);
    }

    private static (string Full, string Temp) Begin(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return (full, TempPathFor(full));
    }

    /// <summary>Gives the written temporary file the target's mode, keeps the backup, and renames it over the target.</summary>
    private static void Finish(string full, string temp, bool keepBackup)
    {
        if (File.Exists(full))
        {
            CopyMode(full, temp);
            if (keepBackup)
            {
                KeepBackup(full);
            }
        }

        File.Move(temp, full, overwrite: true);
    }

    private static string TempPathFor(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");

    private static void CopyMode(string from, string to)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(to, File.GetUnixFileMode(from));
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Link(string existing, string created);
    }
}
