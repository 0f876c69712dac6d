namespace Pace.Core.Security;

/// <summary>
/// What the diff scan lets through (pace.json <c>pace.secrets</c>): files matching
/// <see cref="Paths"/> (globs, such as test fixtures with fake tokens), and the exact strings of
/// <see cref="Values"/> wherever they appear. Nothing by default.
/// </summary>
public sealed record SecretAllowList
{
    public static readonly SecretAllowList None = new();

    public IReadOnlyList<string> Paths { get; init; } = [];

    public IReadOnlyList<string> Values { get; init; } = [];
}
