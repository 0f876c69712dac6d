using System.Text.Json.Serialization;
using Pace.Core.Forge;

namespace Pace.Adapters.Forges.Local;

/// <summary>One pull request of the local forge, as stored in .pace/forge/pulls/N.json.</summary>
internal sealed record LocalPullRequestRecord
{
    public int Number { get; set; }

    public string Head { get; set; } = "";

    public string Base { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>The tasks of the wave and their evidence (markdown).</summary>
    public string Body { get; set; } = "";

    public PullRequestStatus Status { get; set; }

    public string? MergeCommit { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<Review> Reviews { get; set; } = [];
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(LocalPullRequestRecord))]
internal sealed partial class LocalForgeJson : JsonSerializerContext;
