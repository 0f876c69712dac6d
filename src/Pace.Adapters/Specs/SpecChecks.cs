using Pace.Core.Verification;

namespace Pace.Adapters.Specs;

/// <summary>The checks a spec session is judged by.</summary>
internal static class SpecChecks
{
    /// <summary>The project's checks and then the item's own, all run in the project folder of the worktree.</summary>
    public static List<CheckSpec> For(IReadOnlyList<CheckSpec> project, IReadOnlyList<string> own) =>
        [.. project, .. own.Select(CheckSpec.Of)];
}
