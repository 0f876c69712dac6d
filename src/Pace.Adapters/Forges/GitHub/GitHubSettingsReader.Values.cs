using System.Text.Json;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubSettingsReader
{
    private List<CommentVerdictRule> ReadCommentVerdicts(JsonElement github, GitHubSettings settings)
    {
        var rules = new List<CommentVerdictRule>();
        if (!github.TryGetProperty("commentVerdicts", out var section) || !Expect(section, JsonValueKind.Object, $"{Section}.commentVerdicts"))
        {
            return rules;
        }

        foreach (var entry in section.EnumerateObject())
        {
            var at = $"commentVerdicts.{entry.Name}";
            if (!Expect(entry.Value, JsonValueKind.Object, $"{Section}.{at}"))
            {
                continue;
            }

            if (!settings.IsReviewer(entry.Name))
            {
                Error(at, $"\"{entry.Name}\" has a comment-verdict rule but is not in {Section}.reviewers; add it there or remove the rule");
                continue;
            }

            var format = String(entry.Value, "format", at);
            if (format == "json")
            {
                rules.Add(new CommentVerdictRule(entry.Name, CommentVerdictFormat.Json));
                continue;
            }

            if (format != "marker")
            {
                Error($"{at}.format", $"\"{Section}.{at}.format\" must be \"marker\" or \"json\"; found {(format is null ? "nothing" : $"\"{format}\"")}");
                continue;
            }

            var approved = String(entry.Value, "approved", at);
            var changes = String(entry.Value, "changesRequested", at);
            if (string.IsNullOrWhiteSpace(approved) || string.IsNullOrWhiteSpace(changes) || approved.Trim() == changes.Trim())
            {
                Error(at, $"a marker rule needs two different non-empty lines: \"approved\" and \"changesRequested\"");
                continue;
            }

            rules.Add(new CommentVerdictRule(entry.Name, CommentVerdictFormat.Marker) { ApprovedMarker = approved.Trim(), ChangesRequestedMarker = changes.Trim() });
        }

        return rules;
    }

    private bool Expect(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        Error(path.StartsWith(Section, StringComparison.Ordinal) ? path[Math.Min(path.Length, Section.Length + 1)..] : path, $"\"{path}\" must be {Describe(kind)}; found {Describe(value.ValueKind)}");
        return false;
    }

    private string? String(JsonElement parent, string name, string? at = null)
    {
        var key = at is null ? name : $"{at}.{name}";
        return parent.TryGetProperty(name, out var value) && Expect(value, JsonValueKind.String, $"{Section}.{key}") ? value.GetString() : null;
    }

    private int? Int(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || !Expect(value, JsonValueKind.Number, $"{Section}.{name}"))
        {
            return null;
        }

        if (value.TryGetInt32(out var number) && number >= 1)
        {
            return number;
        }

        Error(name, $"\"{Section}.{name}\" must be a whole number of at least 1; found {value.GetRawText()}");
        return null;
    }

    private List<string>? StringList(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || !Expect(value, JsonValueKind.Array, $"{Section}.{name}"))
        {
            return null;
        }

        var items = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Expect(item, JsonValueKind.String, $"{Section}.{name}[{i++}]") && !string.IsNullOrWhiteSpace(item.GetString()))
            {
                items.Add(item.GetString()!.Trim());
            }
        }

        return items;
    }

    /// <summary>Records a problem at <paramref name="relative"/> (a path under pace.forge.github).</summary>
    private void Error(string relative, string message) =>
        _errors.Add(Diagnostic.Error(_path, _positions.Find(relative.Length == 0 ? Section : $"{Section}.{relative}"), message));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
