using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Storage;

/// <summary>
/// An append-only JSON-lines file: one entry per line, each append a single write followed by an
/// fsync, so a crash can tear at most the last line. Reading drops a torn or invalid last line with
/// a warning; an invalid line anywhere else is an error naming it (the file was damaged, not torn).
/// </summary>
public static class Journal
{
    /// <summary>Reads the journal without changing it; a missing file is an empty journal.</summary>
    /// <exception cref="InputException">A line other than the last is not a valid entry.</exception>
    public static JournalContents<T> Read<T>(string path, JsonTypeInfo<T> typeInfo) => Parse(path, ReadBytes(path), typeInfo).Contents;

    /// <summary>
    /// Reads the journal and makes it ready for appending: a dropped last line is cut off the file
    /// (the warning in <see cref="Contents"/> reports it), an unterminated valid one is terminated.
    /// </summary>
    public static JournalWriter<T> Open<T>(string path, JsonTypeInfo<T> typeInfo)
    {
        var full = System.IO.Path.GetFullPath(path);
        var bytes = ReadBytes(full);
        var (contents, keep) = Parse(full, bytes, typeInfo);
        if (keep < bytes.Length)
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            stream.SetLength(keep);
            stream.Flush(flushToDisk: true);
        }
        else if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
        {
            WriteDurably(full, "\n"u8);
        }

        return new JournalWriter<T>(full, typeInfo, contents);
    }

    internal static void WriteDurably(string path, ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // No buffering: the line reaches the file in one write call.
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }

    /// <summary>The entries, and how many leading bytes of the file hold them (the rest is a dropped last line).</summary>
    private static (JournalContents<T> Contents, int Keep) Parse<T>(string path, byte[] bytes, JsonTypeInfo<T> typeInfo)
    {
        var entries = new List<T>();
        var start = 0;
        for (var line = 1; start < bytes.Length; line++)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            var end = newline < 0 ? bytes.Length : newline;
            var text = bytes.AsSpan(start, end - start);
            var isLast = newline < 0 || bytes.AsSpan(newline + 1).IndexOfAnyExcept(" \t\r\n"u8) < 0;
            if (text.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                try
                {
                    entries.Add(JsonSerializer.Deserialize(text, typeInfo) ?? throw new JsonException("the entry is null"));
                }
                catch (JsonException e)
                {
                    var at = TextPosition.FromLineAndByte(text, 0, e.BytePositionInLine ?? 0);
                    var where = new TextPosition(line, at.Column);
                    var problem = JsonProblem.Describe(e);
                    if (!isLast)
                    {
                        var error = Diagnostic.Error(path, where, $"journal line {line} is not a valid entry: {problem}");
                        throw new InputException(error.ToString(), [error]);
                    }

                    var warning = Diagnostic.Warning(path, where, $"dropped the last line ({line}), torn or invalid: {problem}");
                    return (new JournalContents<T>(entries, warning), start);
                }
            }

            start = newline < 0 ? bytes.Length : newline + 1;
        }

        return (new JournalContents<T>(entries, null), bytes.Length);
    }
}
