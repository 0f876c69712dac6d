using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Pace.Cli.Tests.Properties;

/// <summary>
/// Compares a list before and after a save: the same JSON tree, keys in the same order, every
/// leaf with the same text, except the passes value of one feature and the metadata Pace owns.
/// </summary>
internal static class OwnedValues
{
    private static readonly string[] Owned = ["total_features", "passing", "failing", "last_updated"];

    /// <summary>The first difference that is not allowed, or null.</summary>
    public static string? Check(byte[] before, byte[] after, int featureIndex)
    {
        using var old = JsonDocument.Parse(WithoutBom(before));
        using var now = JsonDocument.Parse(WithoutBom(after));
        var passesPath = old.RootElement.ValueKind == JsonValueKind.Array ? $"$[{featureIndex}].passes" : $"$.features[{featureIndex}].passes";
        return Compare(old.RootElement, now.RootElement, "$", passesPath);
    }

    private static string? Compare(JsonElement a, JsonElement b, string path, string passesPath)
    {
        if (path == passesPath)
        {
            return b.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"{path} is {b.ValueKind}";
        }

        if (path.StartsWith("$.metadata.", StringComparison.Ordinal) && Owned.Contains(path["$.metadata.".Length..]))
        {
            return null;
        }

        if (a.ValueKind != b.ValueKind)
        {
            return $"{path}: {a.ValueKind} became {b.ValueKind}";
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var oldMembers = a.EnumerateObject().ToList();
                var newMembers = b.EnumerateObject().ToList();
                if (newMembers.Count < oldMembers.Count)
                {
                    return $"{path}: members removed";
                }

                for (var i = 0; i < newMembers.Count; i++)
                {
                    var name = Name(newMembers[i]);
                    if (i >= oldMembers.Count)
                    {
                        var added = path == "$" ? name == "metadata" && !oldMembers.Any(m => Name(m) == "metadata") : path == "$.metadata" && Owned.Contains(name);
                        if (!added)
                        {
                            return $"{path}: member '{name}' added";
                        }

                        continue;
                    }

                    if (name != Name(oldMembers[i]))
                    {
                        return $"{path}: member {i} was '{Name(oldMembers[i])}', is '{name}'";
                    }

                    if (Compare(oldMembers[i].Value, newMembers[i].Value, $"{path}.{name}", passesPath) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength())
                {
                    return $"{path}: length changed";
                }

                for (var i = 0; i < a.GetArrayLength(); i++)
                {
                    if (Compare(a[i], b[i], $"{path}[{i}]", passesPath) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return a.GetRawText() == b.GetRawText() ? null : $"{path}: '{a.GetRawText()}' became '{b.GetRawText()}'";
        }
    }

    /// <summary>The raw name: a key holding a lone surrogate escape cannot become a string, and need not.</summary>
    private static string Name(JsonProperty property) => Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(property));

    private static ReadOnlyMemory<byte> WithoutBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes.AsMemory(3) : bytes;
}
