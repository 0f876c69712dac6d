using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Pace.Core.Features;

public sealed partial class FeatureListParser
{
    private const string NotUnicode = "holds text that is not valid Unicode (a lone surrogate escape such as \\uD800)";

    /// <summary>
    /// Utf8JsonReader passes bytes that are not UTF-8 through, and GetString then throws; checking the
    /// whole file first turns that crash into an error at the first bad byte.
    /// </summary>
    private bool CheckUtf8()
    {
        var text = _source.AsSpan(_base);
        if (Utf8.IsValid(text))
        {
            return true;
        }

        var buffer = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var at = 0;
            while (Utf8.ToUtf16(text[at..], buffer, out var read, out _, replaceInvalidSequences: false) == OperationStatus.DestinationTooSmall)
            {
                at += read;
            }

            Utf8.ToUtf16(text[at..], buffer, out var last, out _, replaceInvalidSequences: false);
            Error(_base + at + last, $"the file is not valid UTF-8: byte 0x{text[at + last]:X2} cannot start or continue a character");
            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>A string token's text, or null (with no exception) when an escape makes it invalid UTF-16.</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a property name is the given key. ValueTextEquals unescapes first and throws on a lone
    /// surrogate escape; such a name is none of Pace's keys, so it is an unknown field, kept as it is.
    /// </summary>
    private static bool KeyIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> key)
    {
        try
        {
            return reader.ValueTextEquals(key);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
