using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Core.Security;

/// <summary>
/// Looks for secrets in the lines a session adds, before Pace commits them: once committed, a key
/// is in the history and reaches every remote. Finds the values the redactor knows and the shapes
/// of well-known credentials; the allow-list exempts test fixtures.
/// </summary>
public static class SecretScan
{
    public static IReadOnlyList<SecretFinding> Find(IEnumerable<AddedLine> lines, Redactor redactor, SecretAllowList allow)
    {
        var found = new List<SecretFinding>();
        foreach (var line in lines)
        {
            if (PathGlob.IsMatchAny(allow.Paths, line.Path))
            {
                continue;
            }

            var text = line.Text;
            foreach (var value in allow.Values)
            {
                text = text.Replace(value, "", StringComparison.Ordinal);
            }

            if (redactor.Find(text) is { } kind)
            {
                found.Add(new SecretFinding(kind, line.Path, line.Line));
            }
        }

        return found;
    }

    /// <summary>The verdict's reason for <paramref name="found"/> (never the secret itself).</summary>
    public static string Reason(IReadOnlyList<SecretFinding> found)
    {
        const int listed = 3;
        var shown = string.Join("; ", found.Take(listed));
        var more = found.Count > listed ? $"; and {found.Count - listed} more" : "";
        return $"the change contains a secret ({shown}{more}); nothing was committed: remove it, or allow a test fixture under pace.secrets in pace.json";
    }
}
