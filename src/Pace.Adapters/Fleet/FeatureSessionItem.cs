using System.Text.Json;
using System.Text.Json.Serialization;
using Pace.Core.Agents;
using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Adapters.Fleet;

/// <summary>
/// A feature session as a work item (kind <see cref="Kind"/>): what the coordinator publishes and what
/// a worker reports. The git side travels through the run's remote: the base commit on
/// <see cref="FeatureSessionPayload.BaseRef"/>, the outcome's commit on <see cref="ResultRef"/>.
/// </summary>
public static class FeatureSessionItem
{
    public const string Kind = "feature-session";

    /// <summary>The item's name within its run.</summary>
    public static string Name(int session) => $"session-{session}";

    /// <summary>Where the coordinator puts a session's base commit on the remote.</summary>
    public static string BaseRef(string run, int session) => $"refs/pace/fleet/{run}/base-{session}";

    /// <summary>
    /// Where a worker puts a session's outcome (the passed commit, or the failed attempt) on the
    /// remote: one ref per claim, so a holder that lost the item cannot overwrite the next one's.
    /// </summary>
    public static string ResultRef(string run, int session, long fence) => $"refs/pace/results/{run}/{session}/{fence}";

    public static string Serialize(FeatureSessionPayload payload) => JsonSerializer.Serialize(payload, FleetItemJson.Default.FeatureSessionPayload);

    public static string Serialize(FeatureSessionReport report) => JsonSerializer.Serialize(report, FleetItemJson.Default.FeatureSessionReport);

    /// <summary>The payload of a claimed item; a payload that does not read is an error the worker reports.</summary>
    public static FeatureSessionPayload Payload(string json) =>
        JsonSerializer.Deserialize(json, FleetItemJson.Default.FeatureSessionPayload) ?? throw new JsonException("the payload is empty");

    public static FeatureSessionReport Report(string json) =>
        JsonSerializer.Deserialize(json, FleetItemJson.Default.FeatureSessionReport) ?? throw new JsonException("the report is empty");
}

/// <param name="Remote">The run's git remote (any URL git supports), which the worker fetches from and pushes to.</param>
/// <param name="BaseRef">The ref on <paramref name="Remote"/> that holds the session's base commit.</param>
/// <param name="Run">The run's options, baseline and cost so far (its other sessions left out).</param>
/// <param name="FeatureList">The feature list's path, relative to the repository root.</param>
public sealed record FeatureSessionPayload(string Remote, string BaseRef, RunState Run, SessionState Session, string FeatureList, string? PreviousAttempt);

/// <summary>
/// A worker's report. <see cref="Error"/> set: the worker could not run the session (a payload or a
/// project it could not read, a remote out of reach); the rest is then empty.
/// </summary>
public sealed record FeatureSessionReport
{
    public string? Error { get; init; }

    public string? Worker { get; init; }

    public SessionState? Session { get; init; }

    public SessionEvidence? Evidence { get; init; }

    /// <summary>The commit on <see cref="ResultRef"/>: the passed work, or the failed attempt's snapshot (null: nothing to keep).</summary>
    public string? Commit { get; init; }

    public string? ResultRef { get; init; }

    public decimal CostUsd { get; init; }

    public UsageLimit? Limit { get; init; }

    public string? TranscriptPath { get; init; }

    public string? TranscriptTail { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeatureSessionPayload))]
[JsonSerializable(typeof(FeatureSessionReport))]
internal sealed partial class FleetItemJson : JsonSerializerContext;
