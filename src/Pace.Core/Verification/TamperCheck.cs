namespace Pace.Core.Verification;

/// <summary>
/// Finds the guarded paths a session touched. <c>changedPaths</c> may include the deleted ones (as
/// <c>git diff --name-only</c> does); a deleted protected test is reported as deleted, not as changed.
/// </summary>
public static class TamperCheck
{
    public static TamperReport Inspect(TamperRules rules, IReadOnlyList<string> changedPaths, IReadOnlyList<string> deletedPaths)
    {
        var deleted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in deletedPaths)
        {
            deleted.Add(PathGlob.Normalize(path));
        }

        var owned = new SortedSet<string>(StringComparer.Ordinal);
        var testsDeleted = new SortedSet<string>(StringComparer.Ordinal);
        var testsChanged = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in deleted)
        {
            if (PathGlob.IsMatchAny(rules.OwnedPaths, path))
            {
                owned.Add(path);
            }
            else if (PathGlob.IsMatchAny(rules.ProtectedTestPaths, path))
            {
                testsDeleted.Add(path);
            }
        }

        foreach (var raw in changedPaths)
        {
            var path = PathGlob.Normalize(raw);
            if (PathGlob.IsMatchAny(rules.OwnedPaths, path))
            {
                owned.Add(path);
            }
            else if (!deleted.Contains(path) && PathGlob.IsMatchAny(rules.ProtectedTestPaths, path))
            {
                testsChanged.Add(path);
            }
        }

        return new TamperReport([.. owned], [.. testsDeleted], [.. testsChanged]);
    }
}
