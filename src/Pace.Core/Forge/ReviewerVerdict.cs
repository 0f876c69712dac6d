using static Pace.Core.Agents.AnswerJson;
using System.Text.Json;
using Pace.Core.Diagnostics;

namespace Pace.Core.Forge;

/// <summary>
/// Reads the verdict a reviewer agent must print as its final message, strictly:
/// <code>
/// {"verdict": "approved" | "changes_requested",
///  "summary": "what the reviewer found",
///  "blocking": [{"file": "src/a.py", "line": 12, "comment": "what must change"}],
///  "future": ["ideas for later, not blocking"]}
/// </code>
/// The object may stand alone or in one fenced block that is the whole message. Unknown keys,
/// missing keys, wrong types, an approval with blocking comments or a request for changes without
/// any are all unreadable: recorded as such, never taken as an approval.
/// </summary>
public static class ReviewerVerdict
{
    public const string Format = """
        {"verdict": "approved" | "changes_requested", "summary": "...", "blocking": [{"file": "path", "line": 1, "comment": "..."}], "future": ["..."]}
        """;

    private static readonly string[] Keys = ["verdict", "summary", "blocking", "future"];
    private static readonly string[] CommentKeys = ["file", "line", "comment"];

    public static Review Parse(string reviewer, string? message, string headSha, DateTimeOffset at)
    {
        try
        {
            return Read(reviewer, Unfence(message ?? ""), headSha, at);
        }
        catch (FormatException e)
        {
            return Unreadable(reviewer, message, headSha, at, e.Message);
        }
        catch (JsonException e)
        {
            return Unreadable(reviewer, message, headSha, at, "not JSON: " + JsonProblem.Describe(e));
        }
    }

    private static Review Read(string reviewer, string text, string headSha, DateTimeOffset at)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Require(root.ValueKind == JsonValueKind.Object, "the verdict must be a JSON object");
        foreach (var property in root.EnumerateObject())
        {
            Require(Keys.Contains(property.Name), $"unknown key \"{property.Name}\"");
        }

        var verdict = String(root, "verdict");
        var kind = verdict switch
        {
            "approved" => ReviewKind.Approved,
            "changes_requested" => ReviewKind.ChangesRequested,
            _ => throw new FormatException($"\"verdict\" must be \"approved\" or \"changes_requested\", not \"{verdict}\""),
        };
        var summary = String(root, "summary");
        Require(root.TryGetProperty("blocking", out var blocking) && blocking.ValueKind == JsonValueKind.Array, "\"blocking\" must be an array");
        var comments = blocking.EnumerateArray().Select(Comment).ToList();
        var future = new List<string>();
        if (root.TryGetProperty("future", out var items))
        {
            Require(items.ValueKind == JsonValueKind.Array, "\"future\" must be an array of strings");
            foreach (var item in items.EnumerateArray())
            {
                Require(item.ValueKind == JsonValueKind.String, "\"future\" must be an array of strings");
                future.Add(item.GetString()!);
            }
        }

        Require(kind != ReviewKind.Approved || comments.Count == 0, "an approval cannot have blocking comments");
        Require(kind != ReviewKind.ChangesRequested || comments.Count > 0, "changes requested without any blocking comment");
        return new Review(reviewer, kind, summary, comments, future, headSha, at);
    }

    private static ReviewComment Comment(JsonElement element)
    {
        Require(element.ValueKind == JsonValueKind.Object, "each blocking comment must be an object with file, line and comment");
        foreach (var property in element.EnumerateObject())
        {
            Require(CommentKeys.Contains(property.Name), $"unknown key \"{property.Name}\" in a blocking comment");
        }

        var file = String(element, "file");
        Require(element.TryGetProperty("line", out var line) && line.ValueKind == JsonValueKind.Number && line.TryGetInt32(out var n) && n >= 1,
            "\"line\" of a blocking comment must be a whole number from 1");
        return new ReviewComment(String(element, "comment"), file, line.GetInt32());
    }

    private static string String(JsonElement element, string key)
    {
        Require(element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0,
            $"\"{key}\" must be a non-empty string");
        return value.GetString()!;
    }

    private static Review Unreadable(string reviewer, string? message, string headSha, DateTimeOffset at, string problem)
    {
        var raw = (message ?? "").Trim();
        raw = raw.Length > 2000 ? raw[..2000] + "..." : raw;
        return new Review(reviewer, ReviewKind.Unreadable, $"the reviewer's verdict could not be read ({problem}); its message was: {raw}", [], [], headSha, at);
    }
}
