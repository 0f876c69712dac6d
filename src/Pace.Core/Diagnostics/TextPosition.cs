namespace Pace.Core.Diagnostics;

/// <summary>A 1-based line and column; the column counts characters (code points), not bytes.</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    /// <summary>Locates a byte offset in UTF-8 text. Only called on the error path, so a scan is fine.</summary>
    public static TextPosition FromByteOffset(ReadOnlySpan<byte> utf8, long offset)
    {
        var end = (int)Math.Clamp(offset, 0, utf8.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < end; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TextPosition(line, CountCodePoints(utf8[lineStart..end]) + 1);
    }

    /// <summary>Converts a 0-based line and a byte position within it, as System.Text.Json reports them.</summary>
    public static TextPosition FromLineAndByte(ReadOnlySpan<byte> utf8, long zeroBasedLine, long bytePositionInLine)
    {
        var lineStart = 0;
        for (long l = 0; l < zeroBasedLine && lineStart < utf8.Length; l++)
        {
            var next = utf8[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            lineStart += next + 1;
        }

        var end = (int)Math.Min(utf8.Length, lineStart + bytePositionInLine);
        return new TextPosition((int)zeroBasedLine + 1, CountCodePoints(utf8[lineStart..end]) + 1);
    }

    private static int CountCodePoints(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            // Continuation bytes (10xxxxxx) do not start a character.
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
