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
        var text = _source.Span[_base..];
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
    /// Whether a string token decodes to valid UTF-16. Without an escape it does: the whole file was
    /// checked to be UTF-8, so nothing needs decoding to know it.
    /// </summary>
    private static bool IsUnicode(ref Utf8JsonReader reader) => !reader.ValueIsEscaped || Text(ref reader) is not null;

    /// <summary>Whether a string token is empty or only white space, decoding it only when its bytes cannot tell.</summary>
    private static bool IsBlank(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return Text(ref reader) is { } text && text.Trim().Length == 0;
        }

        var nonAscii = false;
        foreach (var b in reader.ValueSpan)
        {
            if (b >= 0x80)
            {
                nonAscii = true;
            }
            else if (!char.IsWhiteSpace((char)b))
            {
                return false;
            }
        }

        // Only ASCII white space and characters beyond ASCII, which may be white space too (U+00A0, U+3000, ...).
        return !nonAscii || reader.GetString()!.Trim().Length == 0;
    }

    /// <summary>
    /// The description and steps of the feature whose object starts at a byte offset of a list that parsed without
    /// errors (so every key Pace knows appears once, and every string decodes).
    /// </summary>
    internal static FeatureTexts ReadTexts(ReadOnlyMemory<byte> source, int objectStart)
    {
        // Not the final block: the reader stops at the feature's closing brace, and never looks past it.
        var reader = new Utf8JsonReader(source.Span[objectStart..], isFinalBlock: false, state: default);
        reader.Read();
        var description = "";
        var steps = new List<string>();
        var verify = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = KnownField(ref reader, plain: true);
            reader.Read();
            if (field == Field.Description)
            {
                description = reader.GetString()!;
            }
            else if (field == Field.Steps)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    steps.Add(reader.GetString()!);
                }
            }
            else if (field == Field.Verify && reader.TokenType == JsonTokenType.String)
            {
                verify.Add(reader.GetString()!);
            }
            else if (field == Field.Verify)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    verify.Add(reader.GetString()!);
                }
            }
            else
            {
                // Skip throws on a reader that is not at its final block; the value is whole, so TrySkip succeeds.
                reader.TrySkip();
            }
        }

        return new FeatureTexts(description, steps, verify);
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
