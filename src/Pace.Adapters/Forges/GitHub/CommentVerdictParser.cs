using System.Text.Json;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// Reads a verdict from an allowed reviewer's plain comment by the rule configured for that reviewer:
/// a marker line, or a fenced json block <c>{"verdict": "approved" | "changes_requested", "summary": "...",
/// "blocking": [{"file", "line", "comment"}], "future": [...]}</c>. A comment without a marker or a
/// block is a plain comment; one the rule cannot read is Unreadable, which is never an approval.
/// </summary>
internal static class CommentVerdictParser
{
    private static readonly string[] Keys = ["verdict", "summary", "blocking", "future"];

    public static GitHubReview Parse(CommentVerdictRule rule, string login, string body, string headSha, DateTimeOffset at)
    {
        GitHubReview Review(GitHubReviewKind kind, string text, IReadOnlyList<GitHubReviewComment> blocking) =>
            new(login, kind, text, blocking, headSha, at, "comment");

        try
        {
            return rule.Format == CommentVerdictFormat.Marker ? Marker(rule, body, Review) : Json(body, Review);
        }
        catch (FormatException e)
        {
            return Review(GitHubReviewKind.Unreadable, $"the verdict in this comment could not be read ({e.Message}): {body}", []);
        }
        catch (JsonException e)
        {
            return Review(GitHubReviewKind.Unreadable, $"the verdict in this comment is not JSON ({e.Message.Split(" Path:")[0]}): {body}", []);
        }
    }

    private static GitHubReview Marker(CommentVerdictRule rule, string body, Func<GitHubReviewKind, string, IReadOnlyList<GitHubReviewComment>, GitHubReview> review)
    {
        var lines = body.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var approved = lines.Any(l => l.Trim() == rule.ApprovedMarker);
        var changes = lines.Any(l => l.Trim() == rule.ChangesRequestedMarker);
        if (approved && changes)
        {
            throw new FormatException("it holds both the approval and the changes-requested marker");
        }

        var rest = string.Join('\n', lines.Where(l => l.Trim() != rule.ApprovedMarker && l.Trim() != rule.ChangesRequestedMarker)).Trim();
        if (changes && rest.Length == 0)
        {
            throw new FormatException("changes requested without saying what must change");
        }

        return approved ? review(GitHubReviewKind.Approved, rest, [])
            : changes ? review(GitHubReviewKind.ChangesRequested, rest, [new GitHubReviewComment(rest)])
            : review(GitHubReviewKind.Commented, body, []);
    }

    private static GitHubReview Json(string body, Func<GitHubReviewKind, string, IReadOnlyList<GitHubReviewComment>, GitHubReview> review)
    {
        var text = body.Replace("\r", "", StringComparison.Ordinal);
        var start = text.IndexOf("```json\n", StringComparison.Ordinal);
        if (start < 0)
        {
            return review(GitHubReviewKind.Commented, body, []);
        }

        var end = text.IndexOf("\n```", start + 7, StringComparison.Ordinal);
        Require(end > 0, "an unterminated ```json block");
        using var document = JsonDocument.Parse(text[(start + 8)..end]);
        var root = document.RootElement;
        Require(root.ValueKind == JsonValueKind.Object, "the block must hold a JSON object");
        var unknown = root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !Keys.Contains(n));
        Require(unknown is null, $"unknown key \"{unknown}\"");
        var verdict = root.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var summary = root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
        Require(root.TryGetProperty("blocking", out var blocking) && blocking.ValueKind == JsonValueKind.Array, "\"blocking\" must be an array");
        var comments = blocking.EnumerateArray().Select(Comment).ToList();
        return verdict switch
        {
            "approved" when comments.Count == 0 => review(GitHubReviewKind.Approved, summary, []),
            "approved" => throw new FormatException("an approval cannot have blocking comments"),
            "changes_requested" when comments.Count > 0 => review(GitHubReviewKind.ChangesRequested, summary, comments),
            "changes_requested" => throw new FormatException("changes requested without any blocking comment"),
            _ => throw new FormatException("\"verdict\" must be \"approved\" or \"changes_requested\""),
        };
    }

    private static GitHubReviewComment Comment(JsonElement element)
    {
        Require(element.ValueKind == JsonValueKind.Object, "each blocking comment must be an object with file, line and comment");
        var file = element.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        int? line = element.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n) && n >= 1 ? n : null;
        var comment = element.TryGetProperty("comment", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        Require(!string.IsNullOrWhiteSpace(comment), "a blocking comment needs a non-empty \"comment\"");
        return new GitHubReviewComment(comment!, file, line);
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new FormatException(problem);
        }
    }
}
