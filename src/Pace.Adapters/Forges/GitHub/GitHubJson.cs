using System.Text.Json.Serialization;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>Source-generated JSON for GitHub's REST API (snake_case names, unknown fields skipped).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WirePull))]
[JsonSerializable(typeof(List<WirePull>))]
[JsonSerializable(typeof(List<WireReview>))]
[JsonSerializable(typeof(List<WireReviewComment>))]
[JsonSerializable(typeof(WireReviewComment))]
[JsonSerializable(typeof(List<WireIssueComment>))]
[JsonSerializable(typeof(WireIssueComment))]
[JsonSerializable(typeof(WireCheckRuns))]
[JsonSerializable(typeof(WireCombinedStatus))]
[JsonSerializable(typeof(WireMergeResult))]
[JsonSerializable(typeof(WireRepository))]
[JsonSerializable(typeof(WireCommit))]
[JsonSerializable(typeof(WireError))]
[JsonSerializable(typeof(WireNewPull))]
[JsonSerializable(typeof(WireMergeRequest))]
[JsonSerializable(typeof(WireBody))]
[JsonSerializable(typeof(WireState))]
[JsonSerializable(typeof(WireEdit))]
[JsonSerializable(typeof(WireRef))]
[JsonSerializable(typeof(WireUser))]
[JsonSerializable(typeof(Dictionary<string, DateTimeOffset>))]
internal sealed partial class GitHubJson : JsonSerializerContext;
