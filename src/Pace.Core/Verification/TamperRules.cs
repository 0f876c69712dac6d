namespace Pace.Core.Verification;

/// <summary>
/// Paths Pace guards, as glob patterns relative to the tree's root with forward slashes
/// (see <see cref="PathGlob"/>). Owned paths belong to Pace (<c>feature_list.json</c>, <c>pace.json</c>,
/// <c>.pace/**</c>); protected test paths are the project's tests (<c>tests/**</c>, <c>**/*_test.py</c>).
/// </summary>
public sealed record TamperRules(IReadOnlyList<string> OwnedPaths, IReadOnlyList<string> ProtectedTestPaths)
{
    /// <summary>The files Pace itself owns in every project.</summary>
    public static readonly IReadOnlyList<string> PaceOwned = ["feature_list.json", "pace.json", ".pace/**"];
}
