namespace Pace.Adapters.Forges.GitHub;

/// <summary>pace.forge.github in pace.json, with every default filled in.</summary>
public sealed record GitHubSettings
{
    public static readonly GitHubSettings Default = new();

    /// <summary>The REST API root; null means https://api.github.com for github.com remotes and https://HOST/api/v3 (GitHub Enterprise) for others.</summary>
    public Uri? ApiBase { get; init; }

    /// <summary>The repository's owner; null means read it from the remote's URL.</summary>
    public string? Owner { get; init; }

    public string? Repo { get; init; }

    /// <summary>The git remote Pace pushes wave branches to and reads owner/repo from.</summary>
    public string Remote { get; init; } = "origin";

    /// <summary>
    /// The only logins (people, or apps such as <c>claude[bot]</c>) whose reviews and comments count.
    /// Everything from anyone else is recorded as ignored and never reaches an agent.
    /// </summary>
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    /// <summary>How comments of reviewers that never submit a formal review are read as verdicts.</summary>
    public IReadOnlyList<CommentVerdictRule> CommentVerdicts { get; init; } = [];

    /// <summary>Checks (check-run names or status contexts) that must succeed on the head commit; empty means every check reported there.</summary>
    public IReadOnlyList<string> RequiredChecks { get; init; } = [];

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a merge waits for pending checks before it gives up.</summary>
    public TimeSpan ChecksTimeout { get; init; } = TimeSpan.FromHours(1);

    public bool IsReviewer(string? login) =>
        login is not null && Reviewers.Any(r => string.Equals(r, login, StringComparison.OrdinalIgnoreCase));

    public CommentVerdictRule? CommentRuleFor(string login) =>
        CommentVerdicts.FirstOrDefault(r => string.Equals(r.Reviewer, login, StringComparison.OrdinalIgnoreCase));
}

public enum CommentVerdictFormat
{
    /// <summary>A line of the comment equals a configured marker, one for approval and one for changes requested.</summary>
    Marker,

    /// <summary>A fenced <c>json</c> block in the comment holds <c>{"verdict": ..., "summary": ..., "blocking": [{file, line, comment}]}</c>.</summary>
    Json,
}

/// <summary>How one allowed reviewer's plain comments become a verdict. Without a rule a comment is only a comment.</summary>
public sealed record CommentVerdictRule(string Reviewer, CommentVerdictFormat Format)
{
    public string? ApprovedMarker { get; init; }

    public string? ChangesRequestedMarker { get; init; }
}
