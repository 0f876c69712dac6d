using System.Text.Json;
using Pace.Adapters.Config;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Forges;

/// <summary>Which forge spec execution uses: <c>--forge</c>, else pace.json <c>pace.forge.type</c>, else the local one.</summary>
public static class ForgeKind
{
    public const string Local = "local";
    public const string GitHub = "github";

    private static readonly string[] Known = [Local, GitHub];

    /// <summary>The forge named by <paramref name="option"/>, else the one pace.json chose (<see cref="PaceSettings.Forge"/>).</summary>
    public static string Choose(string? option, PaceSettings settings) =>
        option is null ? settings.Forge
        : Known.Contains(option, StringComparer.Ordinal) ? option
        : throw new InputException($"--forge {option}: the forge must be one of {string.Join(", ", Known)}");

    /// <summary>pace.forge.type of the document <see cref="PaceSettings"/> parsed once; an unknown name is an error naming where it was.</summary>
    internal static string Read(string path, JsonElement root, JsonPositions positions)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("pace", out var pace) || pace.ValueKind != JsonValueKind.Object
            || !pace.TryGetProperty("forge", out var forge) || forge.ValueKind != JsonValueKind.Object
            || !forge.TryGetProperty("type", out var type))
        {
            return Local;
        }

        if (type.ValueKind == JsonValueKind.String && Known.Contains(type.GetString(), StringComparer.Ordinal))
        {
            return type.GetString()!;
        }

        var message = $"pace.forge.type must be one of {string.Join(", ", Known.Select(k => $"\"{k}\""))}";
        throw new InputException($"{path}: {message}", [Diagnostic.Error(path, positions.Find("pace.forge.type"), message)]);
    }
}
