using System.Text;
using Pace.Core.Features;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>
/// Builds a session's prompt from the feature, the tail of progress.txt, recent commits and the
/// rules. A template from pace.json may replace the layout; its {{placeholders}} get the same parts.
/// </summary>
public static class PromptBuilder
{
    public const int ProgressTailLines = 40;

    public const string DefaultTemplate = """
        You are working in this repository on exactly one feature.

        Feature {{feature_id}} ({{feature_category}}, priority {{feature_priority}}): {{feature_description}}

        How it will be checked:
        {{feature_steps}}

        It builds on these features (they pass: use their code, do not redo it):
        {{feature_depends_on}}

        Previous attempt:
        {{previous_attempt}}

        Recent progress (end of progress.txt):
        {{progress_tail}}

        Recent commits:
        {{recent_commits}}

        Rules:
        {{rules}}
        """;

    public static string Build(string? template, Feature feature, string? progressText, IReadOnlyList<CommitInfo> recentCommits, IReadOnlyList<CheckSpec> checks, string? previousAttempt = null)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["feature_id"] = feature.Id.Value,
            ["feature_category"] = feature.Category,
            ["feature_priority"] = feature.Priority?.Name() ?? "by position",
            ["feature_description"] = feature.Description,
            ["feature_depends_on"] = feature.DependsOn.Count == 0 ? "(none: it depends on no other feature)" : string.Join("\n", feature.DependsOn.Select(d => $"- {d.Id}: {d.Description}")),
            ["feature_steps"] = feature.Steps.Count == 0 ? "(no steps given)" : string.Join("\n", feature.Steps.Select((s, i) => $"{i + 1}. {s}")),
            ["progress_tail"] = Tail(progressText) is { Length: > 0 } tail ? tail : "(no progress.txt yet)",
            ["recent_commits"] = recentCommits.Count == 0 ? "(none)" : string.Join("\n", recentCommits.Select(c => $"{c.Sha[..Math.Min(7, c.Sha.Length)]} {c.Subject}")),
            ["rules"] = Rules(checks),
            ["previous_attempt"] = previousAttempt ?? "(none: this is the first attempt at this feature)",
        };

        var text = new StringBuilder(template ?? DefaultTemplate);
        foreach (var (name, value) in parts)
        {
            text.Replace("{{" + name + "}}", value);
        }

        return text.ToString();
    }

    private static string Rules(IReadOnlyList<CheckSpec> checks)
    {
        var lines = new List<string>
        {
            "- Implement the feature completely, with tests that prove it.",
            "- Do not edit feature_list.json, pace.json or anything under .pace/: Pace owns them and undoes such edits.",
            "- Do not delete, skip or weaken existing tests: Pace compares the test count with the previous session.",
            "- Do not commit, rebase or switch branches: Pace verifies your work and commits it.",
        };
        lines.Add(checks.Count == 0
            ? "- When you are done, say what you did and stop."
            : $"- When you are done, say what you did and stop. Pace then runs: {string.Join("; ", checks.Select(c => c.Command))}");
        return string.Join("\n", lines);
    }

    private static string Tail(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var lines = text.TrimEnd('\n').Split('\n');
        return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - ProgressTailLines)));
    }
}
