namespace Pace.Core.Diagnostics;

/// <summary>
/// The System.Text.Json problems a user's file can cause: each by its resource key, the English text
/// that follows its first argument (or the whole text when it has none), and Pace's words for it.
/// </summary>
internal static class JsonProblemKinds
{
    private const string CutShort = "; it may have been cut short";

    public sealed record Kind(string Key, string Text, Func<string[], string> Words);

    private static readonly Kind[] All =
    [
        new("ExpectedStartOfValueNotFound", "' is an invalid start of a value.", a =>
            $"expected a value (text in double quotes, a number, true, false, null, an object or an array) but found {Found(a)}{CommaBefore(a)}"),
        new("ExpectedStartOfPropertyNotFound", "' is an invalid start of a property name. Expected a '\"'.", a =>
            $"expected a property name in double quotes but found {Found(a)}{CommaBefore(a)}"),
        new("ExpectedSeparatorAfterPropertyNameNotFound", "' is invalid after a property name. Expected a ':'.", a =>
            $"expected ':' after the property name but found {Found(a)}"),
        new("FoundInvalidCharacter", "' is invalid after a value. Expected either ',', '}', or ']'.", a =>
            $"expected ',' or a closing '}}' or ']' after the value but found {Found(a)} (a comma missing?)"),
        new("ExpectedEndAfterSingleJson", "' is invalid after a single JSON value. Expected end of data.", a =>
            $"found {Found(a)} after the end of the JSON value; a file holds one value (an extra or missing bracket?)"),
        new("MismatchedObjectArray", "' is invalid without a matching open.", a =>
            $"{Found(a)} does not close the bracket that is open ('{{' closes with '}}', '[' with ']')"),
        new("ZeroDepthAtEnd", "Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.", _ =>
            "the file ends before every object and array is closed" + CutShort),
        new("InvalidEndOfJsonNonPrimitive", "' is an invalid token type for the end of the JSON payload. Expected either 'EndArray' or 'EndObject'.", _ =>
            "the file ends before every object and array is closed" + CutShort),
        new("ExpectedStartOfPropertyOrValueNotFound", "Expected start of a property name or value, but instead reached end of data.", _ =>
            "the file ends where a property name or a value should follow" + CutShort),
        new("ExpectedValueAfterPropertyNameNotFound", "Expected a value, but instead reached end of data.", _ =>
            "the file ends where a value should follow" + CutShort),
        new("EndOfStringNotFound", "Expected end of string, but instead reached end of data.", _ =>
            "the file ends inside a string (a closing '\"' missing?)" + CutShort),
        new("RequiredDigitNotFoundEndOfData", "Expected a digit ('0'-'9'), but instead reached end of data.", _ =>
            "the file ends inside a number" + CutShort),
        new("ExpectedJsonTokens", "The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.", _ =>
            "the file holds no JSON value (it is empty or only white space)"),
        new("ExpectedOneCompleteToken", "The input does not contain any complete JSON tokens. Expected the input to have at least one valid, complete, JSON token.", _ =>
            "the file holds no complete JSON value" + CutShort),
        new("InvalidCharacterWithinString", "' is invalid within a JSON string. The string should be correctly escaped.", a =>
            $"{Found(a)} cannot stand as it is inside a string: write it as an escape (\\n for a line break, \\t for a tab), or close the string with '\"'"),
        new("InvalidCharacterAfterEscapeWithinString", "' is an invalid escapable character within a JSON string. The string should be correctly escaped.", a =>
            $"a backslash before {Found(a)} is not an escape JSON knows (a backslash itself is written \\\\)"),
        new("InvalidHexCharacterWithinString", "' is not a hex digit following '\\u' within a JSON string. The string should be correctly escaped.", a =>
            $"\\u must be followed by four hexadecimal digits but found {Found(a)}"),
        new("ExpectedEndOfDigitNotFound", "' is an invalid end of a number. Expected a delimiter.", a =>
            $"a number cannot be followed by {Found(a)}: expected ',', '}}' or ']' after it"),
        new("ExpectedNextDigitEValueNotFound", "' is an invalid end of a number. Expected 'E' or 'e'.", a =>
            $"a number cannot be followed by {Found(a)}"),
        new("RequiredDigitNotFoundAfterDecimal", "' is invalid within a number, immediately after a decimal point ('.'). Expected a digit ('0'-'9').", a =>
            $"a number needs a digit after its decimal point but found {Found(a)}"),
        new("RequiredDigitNotFoundAfterSign", "' is invalid within a number, immediately after a sign character ('+' or '-'). Expected a digit ('0'-'9').", a =>
            $"a number needs a digit after its sign but found {Found(a)}"),
        new("InvalidLeadingZeroInNumber", "Invalid leading zero before '", _ =>
            "a number cannot start with 0 followed by more digits"),
        new("ExpectedTrue", "' is an invalid JSON literal. Expected the literal 'true'.", a => Literal(a, "true")),
        new("ExpectedFalse", "' is an invalid JSON literal. Expected the literal 'false'.", a => Literal(a, "false")),
        new("ExpectedNull", "' is an invalid JSON literal. Expected the literal 'null'.", a => Literal(a, "null")),
        new("TrailingCommaNotAllowedBeforeObjectEnd", "The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options.", _ =>
            "a comma before the closing '}' is not allowed here"),
        new("TrailingCommaNotAllowedBeforeArrayEnd", "The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options.", _ =>
            "a comma before the closing ']' is not allowed here"),
        new("ObjectDepthTooLarge", "The maximum configured depth of ", a => $"objects and arrays are nested more than {Arg(a).Split(' ')[0]} deep"),
        new("ArrayDepthTooLarge", "The maximum configured depth of ", a => $"objects and arrays are nested more than {Arg(a).Split(' ')[0]} deep"),
        new("EndOfCommentNotFound", "Expected end of comment, but instead reached end of data.", _ => "the file ends inside a comment (a closing */ missing?)"),
        new("UnexpectedEndOfDataWhileReadingComment", "Unexpected end of data while reading a comment.", _ => "the file ends inside a comment"),
        new("InvalidCharacterAtStartOfComment", "' is invalid after '/' at the beginning of the comment. Expected either '/' or '*'.", a =>
            $"a comment starts with // or /*, but '/' is followed by {Found(a)}"),
        new("ExpectedStartOfPropertyOrValueAfterComment", "' is an invalid start of a property name or value, after a comment.", a =>
            $"expected a property name or a value after the comment but found {Found(a)}"),
        new("UnexpectedEndOfLineSeparator", "Found invalid line or paragraph separator character while reading a comment.", _ =>
            "a comment holds a line or paragraph separator (U+2028 or U+2029)"),
        new("DeserializeUnableToConvertValue", "The JSON value could not be converted to ", a => $"the value is not {JsonTypeWords.Of(Arg(a))}"),
        new("JsonRequiredPropertiesMissing", "JSON deserialization for type '", a =>
            $"required field{(Arg(a, 1).Contains(',', StringComparison.Ordinal) ? "s" : "")} missing: {Arg(a, 1)}"),
        new("DeserializeUnableToAssignNull", "Unable to assign 'null' to the property or field of type '", _ => "the value must not be null"),
        new("CannotReadInvalidUTF16", "Cannot read invalid UTF-16 JSON text as string. Invalid surrogate value: '", _ =>
            "a string holds a lone surrogate escape (such as \\uD800), which is not valid Unicode"),
        new("CannotReadIncompleteUTF16", "Cannot read incomplete UTF-16 JSON text as string with missing low surrogate.", _ =>
            "a string holds a lone surrogate escape (such as \\uD800), which is not valid Unicode"),
    ];

    /// <summary>A message of the native build: a key, then ", " and the arguments.</summary>
    public static (Kind Kind, string[] Args)? FromKey(string message)
    {
        if (!LooksLikeKey(message))
        {
            return null;
        }

        // "Key", "Key, arg" or "Key, " (an empty argument, as ZeroDepthAtEnd has, left as "Key," once trimmed).
        var comma = message.IndexOf(',', StringComparison.Ordinal);
        var key = comma < 0 ? message : message[..comma];
        var rest = comma < 0 ? "" : message[(comma + 1)..].TrimStart(' ');
        var kind = Array.Find(All, k => k.Key == key);
        // The serializer's arguments may hold ", " themselves (a list of names): only the first is split off.
        return kind is null ? null : (kind, rest.Length == 0 ? [] : rest.Split(", ", 2));
    }

    /// <summary>A message of the JIT build: the English text, its first argument quoted before <see cref="Kind.Text"/> or after it.</summary>
    public static (Kind Kind, string[] Args)? FromText(string message)
    {
        foreach (var kind in All)
        {
            var at = message.IndexOf(kind.Text, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            if (at > 0 && message[0] == '\'')
            {
                return (kind, [message[1..at]]);
            }

            var rest = message[(at + kind.Text.Length)..];
            return kind.Key == "JsonRequiredPropertiesMissing" && rest.Split("' was missing required properties including: ", 2) is [var type, var names]
                ? (kind, [type, names.TrimEnd('.')])
                : (kind, [rest.TrimEnd('.').TrimEnd('\'')]);
        }

        return null;
    }

    /// <summary>Whether a message is a bare resource key (with its arguments): Pace's own messages start in lower case.</summary>
    public static bool LooksLikeKey(string message)
    {
        var end = message.IndexOf(',', StringComparison.Ordinal);
        var key = end < 0 ? message : message[..end];
        return key.Length > 0 && char.IsAsciiLetterUpper(key[0]) && key.All(char.IsAsciiLetterOrDigit);
    }

    private static string Arg(string[] args, int index = 0) => index < args.Length ? args[index] : "";

    /// <summary>The character the reader stopped at, as System.Text.Json prints it: itself, or 0xNN when it is not printable ASCII.</summary>
    private static string Found(string[] args)
    {
        var found = Arg(args);
        if (found.Length == 4 && found.StartsWith("0x", StringComparison.Ordinal) && byte.TryParse(found.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out var b))
        {
            return b switch
            {
                0x0A or 0x0D => "a line break",
                0x09 => "a tab",
                < 0x20 or 0x7F => $"the control character {found}",
                _ => $"a character outside ASCII (byte {found}; a typographic quote where '\"' belongs?)",
            };
        }

        return found switch
        {
            "" => "something else",
            "'" => "a single quote",
            _ => $"'{found}'",
        };
    }

    /// <summary>A closing bracket where a value or name must follow: most often a comma too many.</summary>
    private static string CommaBefore(string[] args) => Arg(args) is "}" or "]" ? " (a comma before it?)" : Arg(args) == "'" ? " (text needs double quotes)" : "";

    private static string Literal(string[] args, string expected) =>
        $"'{Arg(args)}' is not a JSON value: expected {expected} (text needs double quotes)";
}
