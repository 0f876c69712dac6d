using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pace.Core.Verification;

/// <summary>Source-generated JSON for <see cref="SessionEvidence"/>: camelCase, indented, enums as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SessionEvidence))]
public sealed partial class EvidenceJson : JsonSerializerContext
{
    public static byte[] Serialize(SessionEvidence evidence) =>
        JsonSerializer.SerializeToUtf8Bytes(evidence, Default.SessionEvidence);

    /// <summary>Reads evidence back; <see cref="JsonException"/> (with the line and position) when the bytes are not evidence.</summary>
    public static SessionEvidence Deserialize(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, Default.SessionEvidence) ?? throw new JsonException("evidence is null");
}
