using System.Text.Json;
using Pace.Core.Diagnostics;
using Pace.Core.Tests.Features;

namespace Pace.Core.Tests.Diagnostics;

/// <summary>
/// System.Text.Json's messages come as English text in the JIT build and as bare resource keys in the
/// native one (UseSystemResourceKeys): Pace says the same plain words for both.
/// </summary>
public sealed class JsonProblemTests
{
    public static readonly TheoryData<string, string, string> Messages = new()
    {
        // the JIT build's message, the native build's, words the user must read
        { "'\"' is invalid after a value. Expected either ',', '}', or ']'. LineNumber: 2 | BytePositionInLine: 15.", "FoundInvalidCharacter, \" LineNumber: 2 | BytePositionInLine: 15.", "expected ',' or a closing '}' or ']' after the value but found '\"' (a comma missing?)" },
        { "'}' is an invalid start of a value. LineNumber: 2 | BytePositionInLine: 4.", "ExpectedStartOfValueNotFound, } LineNumber: 2 | BytePositionInLine: 4.", "expected a value (text in double quotes, a number, true, false, null, an object or an array) but found '}' (a comma before it?)" },
        { "Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. LineNumber: 3 | BytePositionInLine: 0.", "ZeroDepthAtEnd,  LineNumber: 3 | BytePositionInLine: 0.", "the file ends before every object and array is closed; it may have been cut short" },
        { "'0x0A' is invalid within a JSON string. The string should be correctly escaped. LineNumber: 0 | BytePositionInLine: 5.", "InvalidCharacterWithinString, 0x0A LineNumber: 0 | BytePositionInLine: 5.", "a line break cannot stand as it is inside a string" },
        { "'x' is invalid after a single JSON value. Expected end of data. LineNumber: 0 | BytePositionInLine: 3.", "ExpectedEndAfterSingleJson, x LineNumber: 0 | BytePositionInLine: 3.", "found 'x' after the end of the JSON value" },
        { "Expected end of string, but instead reached end of data. LineNumber: 0 | BytePositionInLine: 9.", "EndOfStringNotFound LineNumber: 0 | BytePositionInLine: 9.", "the file ends inside a string" },
        { "The JSON value could not be converted to System.Int32. Path: $.current_wave | LineNumber: 0 | BytePositionInLine: 20.", "DeserializeUnableToConvertValue, System.Int32 Path: $.current_wave | LineNumber: 0 | BytePositionInLine: 20.", "the value is not a whole number" },
        { "JSON deserialization for type 'Pace.X' was missing required properties including: 'a', 'b'.", "JsonRequiredPropertiesMissing, Pace.X, 'a', 'b'", "required fields missing: 'a', 'b'" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void A_parse_error_says_what_is_wrong_in_plain_words_not_a_resource_key(string english, string key, string words)
    {
        var fromText = JsonProblem.Describe(new JsonException(english));
        var fromKey = JsonProblem.Describe(new JsonException(key));

        fromText.ShouldContain(words);
        fromKey.ShouldBe(fromText);
        fromKey.ShouldNotContain(key.Split([',', ' '])[0]);
        fromKey.ShouldNotContain("LineNumber");
    }

    [Fact]
    public void A_resource_key_pace_does_not_know_is_not_shown_either()
    {
        JsonProblem.Describe(new JsonException("SomeFutureKey, x LineNumber: 0 | BytePositionInLine: 1.")).ShouldBe("the JSON is not valid here");
        JsonProblem.Describe(new JsonException("the entry is null")).ShouldBe("the entry is null");
    }

    [Theory]
    [InlineData("{\n  \"features\": [\n    {\"id\": \"A\" \"category\": \"c\"}\n  ]\n}", "(a comma missing?)")]
    [InlineData("{\n  \"features\": [\n    {\"id\": \"A\",}\n  ]\n}", "a comma before the closing '}' is not allowed here")]
    [InlineData("{\n  \"features\": [\n    {\"id\": 'A'}\n  ]\n}", "but found a single quote (text needs double quotes)")]
    [InlineData("{\n  \"features\": [\n    {\"id\": \"A", "the file ends inside a string")]
    [InlineData("{\"features\": [{\"id\": \"A\", \"category\": \"c\", \"description\": \"d\", \"priority\": \"low\", \"steps\": [\"s\"], \"passes\": false}", "the file ends before every object and array is closed; it may have been cut short")]
    [InlineData("{\"features\": [{\"id\": \"a\\qb\"}]}", "a backslash before 'q' is not an escape JSON knows")]
    public void A_malformed_feature_list_is_reported_in_plain_words(string text, string words)
    {
        var error = Lists.SingleError(text);

        error.Message.ShouldStartWith("invalid JSON: ");
        error.Message.ShouldContain(words);
    }
}
