using System.Text.Json;
using Pace.Adapters.Config;
using Pace.Core.Config;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Forges;

/// <summary>Which forge spec execution uses: <c>--forge</c>, else pace.json <c>pace.forge.type</c>, else the local one.</summary>
public static class ForgeKind
{
    public const string Local = "local";
    public const string GitHub = "github";

    private static readonly string[] Known = [Local, GitHub];

    /// <summary>The forge named by <paramref name="option"/> or by pace.json in <paramref name="projectFolder"/>; an unknown name is an error naming where it was.</summary>
    public static string Choose(string? option, string projectFolder)
    {
        if (option is not null)
        {
            return Known.Contains(option, StringComparer.Ordinal)
                ? option
                : throw new InputException($"--forge {option}: the forge must be one of {string.Join(", ", Known)}");
        }

        var path = Path.Combine(projectFolder, PaceConfig.FileName);
        if (!File.Exists(path))
        {
            return Local;
        }

        var bytes = File.ReadAllBytes(path);
        using var document = PaceJson.Parse(path, bytes);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("pace", out var pace) || pace.ValueKind != JsonValueKind.Object
            || !pace.TryGetProperty("forge", out var forge) || forge.ValueKind != JsonValueKind.Object
            || !forge.TryGetProperty("type", out var type))
        {
            return Local;
        }

        if (type.ValueKind == JsonValueKind.String && Known.Contains(type.GetString(), StringComparer.Ordinal))
        {
            return type.GetString()!;
        }

        var positions = JsonPositions.Of(bytes, PaceJson.ReaderOptions);
        var message = $"pace.forge.type must be one of {string.Join(", ", Known.Select(k => $"\"{k}\""))}";
        throw new InputException($"{path}: {message}", [Diagnostic.Error(path, positions.Find("pace.forge.type"), message)]);
    }
}
