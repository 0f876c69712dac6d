namespace Pace.Core.Git;

/// <summary>A reference and the object it points at.</summary>
public sealed record GitRef(string Name, string Sha);
