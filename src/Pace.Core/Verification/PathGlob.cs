namespace Pace.Core.Verification;

/// <summary>
/// Glob patterns over paths relative to a tree's root, with forward slashes. <c>*</c> matches any
/// characters within one segment, <c>?</c> one character, <c>**</c> as a whole segment any number of
/// segments (none included). Patterns are anchored at the root: <c>*_test.py</c> matches only at the
/// top, <c>**/*_test.py</c> at any depth. A pattern that matches a folder matches everything under it,
/// so <c>tests</c>, <c>tests/</c> and <c>tests/**</c> all cover <c>tests/unit/a.py</c>. Case-sensitive.
/// </summary>
public static class PathGlob
{
    public static bool IsMatch(string pattern, string path)
    {
        var patternSegments = Normalize(pattern).Split('/');
        var pathSegments = Normalize(path).Split('/');
        // The path itself or any folder above it.
        for (var length = pathSegments.Length; length >= 1; length--)
        {
            if (MatchSegments(patternSegments, 0, pathSegments, 0, length))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsMatchAny(IReadOnlyList<string> patterns, string path)
    {
        foreach (var pattern in patterns)
        {
            if (IsMatch(pattern, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Forward slashes, no leading <c>./</c> or <c>/</c>, no trailing <c>/</c>.</summary>
    public static string Normalize(string path)
    {
        var result = path.Replace('\\', '/');
        while (result.StartsWith("./", StringComparison.Ordinal))
        {
            result = result[2..];
        }

        return result.Trim('/');
    }

    private static bool MatchSegments(string[] pattern, int p, string[] path, int s, int length)
    {
        if (p == pattern.Length)
        {
            return s == length;
        }

        if (pattern[p] == "**")
        {
            for (var next = s; next <= length; next++)
            {
                if (MatchSegments(pattern, p + 1, path, next, length))
                {
                    return true;
                }
            }

            return false;
        }

        return s < length && MatchSegment(pattern[p], path[s]) && MatchSegments(pattern, p + 1, path, s + 1, length);
    }

    /// <summary>Wildcard match of one segment; on a mismatch after a star, the star takes one more character.</summary>
    private static bool MatchSegment(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]) && pattern[p] != '*')
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
