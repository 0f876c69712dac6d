using System.Text.Json.Serialization;

namespace Pace.Adapters.Tests.Storage;

public sealed record TestEntry(string Kind, int Number, string? Note = null);

// Indented on purpose: the journal must still write each entry on one line.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(TestEntry))]
internal sealed partial class StorageTestJson : JsonSerializerContext;
