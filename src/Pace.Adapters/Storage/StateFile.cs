using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Storage;

/// <summary>
/// A JSON state object in one file, written atomically (temporary file, fsync, rename), so a crash
/// leaves the old state or the new one. Callers pass source-generated type info for their state type.
/// </summary>
public static class StateFile
{
    /// <summary>The state, or null when the file does not exist.</summary>
    /// <exception cref="InputException">The file is empty, truncated or not valid JSON for <typeparamref name="T"/>; the diagnostic gives line and column.</exception>
    public static T? Read<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read: {e.Message}", e);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, typeInfo) ?? throw Invalid(path, new TextPosition(1, 1), "the state is null");
        }
        catch (JsonException e)
        {
            throw Invalid(path, JsonProblem.At(bytes, e), JsonProblem.Describe(e));
        }
    }

    public static void Write<T>(string path, T value, JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        AtomicFile.Write(path, [.. bytes, (byte)'\n']);
    }

    private static InputException Invalid(string path, TextPosition? at, string problem)
    {
        var diagnostic = Diagnostic.Error(path, at, $"invalid state file ({problem}); it may have been cut short or edited by hand");
        return new InputException(diagnostic.ToString(), [diagnostic]);
    }
}
