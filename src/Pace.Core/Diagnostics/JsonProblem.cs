using System.Text.Json;

namespace Pace.Core.Diagnostics;

/// <summary>
/// Says in plain words what a <see cref="JsonException"/> found, for every JSON file Pace reads.
/// System.Text.Json's messages are resource strings ("'}' is an invalid start of a value."), and the
/// native build (UseSystemResourceKeys) keeps only their keys ("ExpectedStartOfValueNotFound, }"):
/// the problem is recognised from either form and described the same way in both builds.
/// </summary>
public static class JsonProblem
{
    /// <summary>The problem in words, without the line and column (a diagnostic gives those).</summary>
    public static string Describe(JsonException exception)
    {
        var message = StripLocation(exception.Message);
        if (JsonProblemKinds.FromKey(message) is var (keyed, keyArgs))
        {
            return keyed.Words(keyArgs);
        }

        if (JsonProblemKinds.FromText(message) is var (kind, args))
        {
            return kind.Words(args);
        }

        // Pace's own JsonExceptions ("the entry is null") are words already; an unknown key is not.
        return JsonProblemKinds.LooksLikeKey(message) ? "the JSON is not valid here" : message;
    }

    /// <summary>Where the reader stopped, converted to a line and a column of <paramref name="utf8"/>; null when it did not say.</summary>
    public static TextPosition? At(ReadOnlySpan<byte> utf8, JsonException exception) =>
        exception.LineNumber is { } line ? TextPosition.FromLineAndByte(utf8, line, exception.BytePositionInLine ?? 0) : null;

    /// <summary>An error at the place the reader stopped, saying what is wrong after <paramref name="prefix"/>.</summary>
    public static Diagnostic Error(string path, ReadOnlySpan<byte> utf8, JsonException exception, string prefix = "invalid JSON: ") =>
        Diagnostic.Error(path, At(utf8, exception) ?? new TextPosition(1, 1), prefix + Describe(exception));

    /// <summary>The message without the " Path: $.x | LineNumber: 0 | BytePositionInLine: 9." the reader and serializer append.</summary>
    private static string StripLocation(string message)
    {
        foreach (var marker in (ReadOnlySpan<string>)[" Path: ", " LineNumber: "])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }
}
