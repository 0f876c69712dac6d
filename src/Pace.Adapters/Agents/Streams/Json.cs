using System.Text.Json;

namespace Pace.Adapters.Agents.Streams;

/// <summary>Lenient reads from an event: a missing field or a field of another kind is simply absent.</summary>
internal static class Json
{
    public static JsonElement? Property(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    public static string? String(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.Property(name) switch
        {
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => null,
        };

    public static long? Long(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value
            ? value.TryGetInt64(out var whole) ? whole : value.TryGetDouble(out var real) && Math.Abs(real) < long.MaxValue ? (long)real : null
            : null;

    public static int? Int(this JsonElement element, string name) =>
        element.Long(name) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    public static decimal? Decimal(this JsonElement element, string name) =>
        element.Property(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDecimal(out var number) ? number : null;
}
