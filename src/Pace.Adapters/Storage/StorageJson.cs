using System.Text.Json.Serialization;

namespace Pace.Adapters.Storage;

/// <summary>Source-generated JSON metadata for what the storage adapters write.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class StorageJson : JsonSerializerContext;
