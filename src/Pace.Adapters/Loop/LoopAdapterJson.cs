using System.Text.Json.Serialization;

namespace Pace.Adapters.Loop;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JournalLine))]
internal sealed partial class LoopAdapterJson : JsonSerializerContext;
