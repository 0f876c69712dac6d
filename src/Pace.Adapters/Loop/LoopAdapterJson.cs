using System.Text.Json.Serialization;

namespace Pace.Adapters.Loop;

[JsonSerializable(typeof(string))]
internal sealed partial class LoopAdapterJson : JsonSerializerContext;
