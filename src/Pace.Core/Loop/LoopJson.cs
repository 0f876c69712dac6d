using System.Text.Json.Serialization;

namespace Pace.Core.Loop;

/// <summary>Source-generated JSON for the loop's state and evidence files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunState))]
public sealed partial class LoopJson : JsonSerializerContext;
