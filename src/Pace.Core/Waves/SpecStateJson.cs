using System.Text.Json;
using System.Text.Json.Serialization;
using Pace.Core.Diagnostics;

namespace Pace.Core.Waves;

/// <summary>
/// Turns the state file into a <see cref="SpecState"/> and back (bytes only; the adapter writes
/// them atomically). Missing members get their defaults, so a file without <c>flags</c> polls.
/// </summary>
public static class SpecStateJson
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <exception cref="InputException">The bytes are not a state file; the diagnostic says where.</exception>
    public static SpecState Read(string path, byte[] utf8)
    {
        var body = utf8.AsSpan().StartsWith(Bom) ? utf8.AsSpan(Bom.Length) : utf8.AsSpan();
        SpecState? state;
        try
        {
            state = JsonSerializer.Deserialize(body, SpecStateJsonContext.Default.SpecState);
        }
        catch (JsonException e)
        {
            var at = TextPosition.FromByteOffset(body, ValueStart(body, e.LineNumber ?? 0, e.BytePositionInLine ?? 0));
            var message = JsonProblem.Describe(e);
            var where = e.Path is { Length: > 0 } p ? $" at {p}" : "";
            var diagnostic = Diagnostic.Error(path, at, $"not a valid spec state file{where}: {message}");
            throw new InputException(diagnostic.ToString(), [diagnostic]);
        }

        if (state is null)
        {
            var diagnostic = Diagnostic.Error(path, new TextPosition(1, 1), "the spec state file holds null");
            throw new InputException(diagnostic.ToString(), [diagnostic]);
        }

        // An explicit null gets the default too.
        return state with
        {
            Flags = state.Flags ?? new SpecFlags(),
            ReviewStatus = state.ReviewStatus ?? new ReviewStatus(),
            ExecutionStatus = state.ExecutionStatus ?? new ExecutionStatus(),
            History = state.History ?? [],
            EarlyTasks = state.EarlyTasks ?? [],
        };
    }

    /// <summary>
    /// System.Text.Json reports a wrong value at its end; step back to where the value starts,
    /// which is what a user looks for.
    /// </summary>
    private static int ValueStart(ReadOnlySpan<byte> utf8, long line, long bytePositionInLine)
    {
        var lineStart = 0;
        for (long l = 0; l < line && lineStart < utf8.Length; l++)
        {
            var next = utf8[lineStart..].IndexOf((byte)'\n');
            lineStart = next < 0 ? utf8.Length : lineStart + next + 1;
        }

        var end = (int)Math.Min(utf8.Length, lineStart + bytePositionInLine);
        var i = end;
        if (i > lineStart && utf8[i - 1] == (byte)'"')
        {
            i--;
            while (i > lineStart && !(utf8[i - 1] == (byte)'"' && (i < 2 || utf8[i - 2] != (byte)'\\')))
            {
                i--;
            }

            return i > lineStart ? i - 1 : end;
        }

        while (i > lineStart && (char.IsAsciiLetterOrDigit((char)utf8[i - 1]) || utf8[i - 1] is (byte)'.' or (byte)'-' or (byte)'+'))
        {
            i--;
        }

        return i;
    }

    public static byte[] Write(SpecState state) => JsonSerializer.SerializeToUtf8Bytes(state, SpecStateJsonContext.Default.SpecState);

    public static byte[] Write(SpecStatusReport report) => JsonSerializer.SerializeToUtf8Bytes(report, SpecStateJsonContext.Default.SpecStatusReport);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SpecState))]
[JsonSerializable(typeof(SpecStatusReport))]
internal sealed partial class SpecStateJsonContext : JsonSerializerContext;
