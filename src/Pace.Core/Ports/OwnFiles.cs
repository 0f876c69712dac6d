namespace Pace.Core.Ports;

/// <summary>The bytes of Pace's own files at one moment, by path relative to the repository root.</summary>
public sealed record OwnFiles(IReadOnlyDictionary<string, byte[]> Files);
