using System.Text.RegularExpressions;

namespace Pace.Adapters.Git;

/// <summary>The index's file and the length of object ids (40 hex digits for SHA-1, 64 for SHA-256).</summary>
internal sealed record RepositoryFacts(string IndexPath, int HashLength);

/// <summary>
/// Reads the commit id from the first line `git commit` prints, <c>[branch id] subject</c> (or
/// <c>[branch (root-commit) id]</c>, <c>[detached HEAD id]</c>); branch names hold no spaces.
/// </summary>
internal static partial class CommitSummary
{
    public static string? Commit(string stdout, int hashLength)
    {
        var end = stdout.IndexOf('\n', StringComparison.Ordinal);
        var match = SummaryLine().Match(end < 0 ? stdout : stdout[..end]);
        return match.Success && match.Groups["id"].Length == hashLength ? match.Groups["id"].Value : null;
    }

    [GeneratedRegex(@"^\[[^ \]]+(?: \(root-commit\)| HEAD)? (?<id>[0-9a-f]+)\] ", RegexOptions.CultureInvariant)]
    private static partial Regex SummaryLine();
}
