using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pace.Adapters.Storage;

/// <summary>An opened journal: what it held when opened, and appends of new entries (one write and an fsync each).</summary>
public sealed class JournalWriter<T>
{
    private readonly JsonTypeInfo<T> _typeInfo;

    internal JournalWriter(string path, JsonTypeInfo<T> typeInfo, JournalContents<T> contents)
    {
        Path = path;
        _typeInfo = typeInfo;
        Contents = contents;
    }

    public string Path { get; }

    /// <summary>What the file held when it was opened.</summary>
    public JournalContents<T> Contents { get; }

    public void Append(T entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        // The writer's options decide the layout: never indented, whatever the type info's context says.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            JsonSerializer.Serialize(writer, entry, _typeInfo);
        }

        buffer.Write("\n"u8);
        var line = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        var redactor = Security.Secrets.Current;
        if (redactor.Finds(line))
        {
            Journal.WriteDurably(Path, System.Text.Encoding.UTF8.GetBytes(redactor.Redact(line)));
            return;
        }

        Journal.WriteDurably(Path, buffer.WrittenSpan);
    }
}
