namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// Says what strangers (logins not on the reviewer allowlist) said on a pull request: one line for all
/// of it, and again only when they said more. A pull request with a hundred stranger comments is one
/// line, not a hundred; Pace's own replies are not among them (the feedback reader leaves them out).
/// </summary>
internal sealed class IgnoredFeedbackLog(Action<string> log)
{
    private readonly Dictionary<int, int> _shown = [];

    public void Show(int number, IReadOnlyList<IgnoredFeedback> ignored)
    {
        lock (_shown)
        {
            if (ignored.Count == 0 || _shown.GetValueOrDefault(number) >= ignored.Count)
            {
                return;
            }

            _shown[number] = ignored.Count;
        }

        var authors = ignored.GroupBy(i => i.Author, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({string.Join(", ", g.GroupBy(i => i.Source).Select(s => Count(s.Count(), s.Key)))})");
        log($"PR #{number}: ignored {Count(ignored.Count, "review or comment", "reviews and comments")} by logins not in pace.forge.github.reviewers: {string.Join(", ", authors)}");
    }

    private static string Count(int n, string one, string? many = null) => n == 1 ? $"1 {one}" : $"{n} {many ?? one + "s"}";
}
