using System.Text.Json;
using Pace.Adapters.Config;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Specs;

/// <summary>
/// pace.json <c>pace.spec</c>: who works on spec tasks and who reviews, and the run's limits.
/// <code>
/// "spec": { "agent": "claude", "reviewer": "person" | AGENT, "maxParallel": 2,
///           "pollIntervalSeconds": 120, "maxPollMinutes": 30, "maxReviewCycles": 3, "earlyStart": true,
///           "targetBranch": "main" }
/// </code>
/// Missing values: the agent is pace.agent, the reviewer a person (<c>pace review</c>), the
/// parallelism the v3 spec's max_concurrent_workers or 2, polling and cycles as the seed's defaults,
/// early start on, the target branch the repository's default (see <see cref="SpecTargetBranch"/>).
/// </summary>
public sealed record SpecSettings(string? Agent, string Reviewer, int? MaxParallel, long? PollIntervalMs, long? MaxPollDurationMs, int? MaxReviewCycles, bool? EarlyStart = null, string? TargetBranch = null)
{
    public const string Person = "person";

    public static readonly SpecSettings Default = new(null, Person, null, null, null, null);

    /// <summary>pace.spec of the document <see cref="PaceSettings"/> parsed once; the defaults when it has none.</summary>
    internal static SpecSettings Read(string path, JsonElement root, JsonPositions positions)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("pace", out var pace) || pace.ValueKind != JsonValueKind.Object
            || !pace.TryGetProperty("spec", out var spec))
        {
            return Default;
        }

        if (spec.ValueKind != JsonValueKind.Object)
        {
            throw Problem(path, positions, "pace.spec", "pace.spec must be an object");
        }

        string? Text(string key) =>
            !spec.TryGetProperty(key, out var v) ? null
            : v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0 ? v.GetString()
            : throw Problem(path, positions, $"pace.spec.{key}", $"pace.spec.{key} must be a non-empty string");

        long? Number(string key, long min) =>
            !spec.TryGetProperty(key, out var v) ? null
            : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= min ? n
            : throw Problem(path, positions, $"pace.spec.{key}", $"pace.spec.{key} must be a whole number from {min}");

        bool? Flag(string key) =>
            !spec.TryGetProperty(key, out var v) ? null
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
            : throw Problem(path, positions, $"pace.spec.{key}", $"pace.spec.{key} must be true or false");

        return new SpecSettings(
            Text("agent"),
            Text("reviewer") ?? Person,
            (int?)Number("maxParallel", 1),
            Number("pollIntervalSeconds", 1) * 1000,
            Number("maxPollMinutes", 0) * 60_000,
            (int?)Number("maxReviewCycles", 1),
            Flag("earlyStart"),
            Text("targetBranch"));
    }

    private static InputException Problem(string path, JsonPositions positions, string at, string message)
    {
        var diagnostic = Diagnostic.Error(path, positions.Find(at), message);
        return new InputException($"{path}: {message}", [diagnostic]);
    }
}
