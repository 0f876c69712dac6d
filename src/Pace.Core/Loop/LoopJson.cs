using System.Text.Json.Serialization;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>Source-generated JSON for the loop's state and evidence files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunState))]
[JsonSerializable(typeof(SessionEvidence))]
public sealed partial class LoopJson : JsonSerializerContext;
