using System.Text.Json;
using Pace.Adapters.Config;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// Reads pace.forge.github from pace.json. A wrong type or value is an error naming the file, line
/// and column; a comment-verdict rule for a login that is not an allowed reviewer is an error too,
/// since it could never apply.
/// </summary>
public sealed partial class GitHubSettingsReader
{
    private const string Section = "pace.forge.github";

    private readonly string _path;
    private readonly JsonPositions _positions;
    private readonly List<Diagnostic> _errors = [];

    private GitHubSettingsReader(string path, JsonPositions positions)
    {
        _path = path;
        _positions = positions;
    }

    /// <summary>pace.forge.github of the document <see cref="PaceSettings"/> parsed once; the defaults when it has none.</summary>
    internal static GitHubSettings Read(string path, JsonElement root, JsonPositions positions)
    {
        var reader = new GitHubSettingsReader(path, positions);
        var settings = Find(root) is { } section ? reader.Read(section) : GitHubSettings.Default;
        return reader._errors.Count == 0
            ? settings
            : throw new InputException($"{path}: {reader._errors.Count} problem{(reader._errors.Count == 1 ? "" : "s")} in {Section}", reader._errors);
    }

    private static JsonElement? Find(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("pace", out var pace) && pace.ValueKind == JsonValueKind.Object
        && pace.TryGetProperty("forge", out var forge) && forge.ValueKind == JsonValueKind.Object
        && forge.TryGetProperty("github", out var github)
            ? github
            : null;

    private GitHubSettings Read(JsonElement github)
    {
        var settings = GitHubSettings.Default;
        if (!Expect(github, JsonValueKind.Object, Section))
        {
            return settings;
        }

        var apiBase = String(github, "apiBase");
        Uri? api = null;
        if (apiBase is not null && !(Uri.TryCreate(apiBase, UriKind.Absolute, out api) && api.Scheme is "https" or "http"))
        {
            Error("apiBase", $"\"{Section}.apiBase\" must be an http(s) URL such as https://github.example.com/api/v3; found \"{apiBase}\"");
        }

        var reviewers = StringList(github, "reviewers") ?? [];
        settings = settings with
        {
            ApiBase = api,
            Owner = String(github, "owner"),
            Repo = String(github, "repo"),
            Remote = String(github, "remote") ?? settings.Remote,
            Reviewers = reviewers,
            RequiredChecks = StringList(github, "requiredChecks") ?? [],
            PollInterval = Int(github, "pollIntervalSeconds") is { } poll ? TimeSpan.FromSeconds(poll) : settings.PollInterval,
            ChecksTimeout = Int(github, "checksTimeoutMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : settings.ChecksTimeout,
        };
        return settings with { CommentVerdicts = ReadCommentVerdicts(github, settings) };
    }
}
