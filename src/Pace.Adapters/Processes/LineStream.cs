using System.Buffers;
using System.Text;

namespace Pace.Adapters.Processes;

/// <summary>
/// Copies a child's output stream to a file as it arrives and hands complete lines to a handler.
/// Memory stays bounded by the longest line kept (cut at a limit), whatever the total volume.
/// </summary>
internal static class LineStream
{
    public static async Task PumpAsync(Stream source, string? file, Action<string>? onLine, int maxLineLength)
    {
        await using var sink = file is null ? null : new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var line = new ArrayBufferWriter<byte>(1024);
        var overflow = false;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, buffer.Length)).ConfigureAwait(false)) > 0)
            {
                if (sink is not null)
                {
                    await sink.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                    await sink.FlushAsync().ConfigureAwait(false);
                }

                if (onLine is null)
                {
                    continue;
                }

                var chunk = buffer.AsSpan(0, read);
                int newline;
                while ((newline = chunk.IndexOf((byte)'\n')) >= 0)
                {
                    Append(line, chunk[..newline], maxLineLength, ref overflow);
                    Emit(line, onLine);
                    overflow = false;
                    chunk = chunk[(newline + 1)..];
                }

                Append(line, chunk, maxLineLength, ref overflow);
            }

            if (onLine is not null && line.WrittenCount > 0)
            {
                Emit(line, onLine);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Append(ArrayBufferWriter<byte> line, ReadOnlySpan<byte> bytes, int max, ref bool overflow)
    {
        var room = max - line.WrittenCount;
        if (bytes.Length > room)
        {
            overflow = true;
            bytes = bytes[..Math.Max(room, 0)];
        }

        line.Write(bytes);
    }

    private static void Emit(ArrayBufferWriter<byte> line, Action<string> onLine)
    {
        var span = line.WrittenSpan;
        if (span.Length > 0 && span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        onLine(Encoding.UTF8.GetString(span));
        line.ResetWrittenCount();
        // Give back the memory of an exceptionally long line instead of keeping it for the rest of the run.
        if (line.Capacity > 1 << 20)
        {
            line.Clear();
        }
    }
}
