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

/// <summary>A worker's report of a feature session (what every report says is in <see cref="WorkerReport"/>).</summary>
public sealed record FeatureSessionReport : WorkerReport
{
    public SessionState? Session { get; init; }
}

/// <summary>
/// What a worker reports of any item. <see cref="Error"/> set: the worker could not run it (a payload
/// or a project it could not read, a remote out of reach); the rest is then empty.
/// </summary>
public abstract record WorkerReport
{
    public string? Error { get; init; }

    public string? Worker { get; init; }

    public SessionEvidence? Evidence { get; init; }

    /// <summary>The commit on <see cref="ResultRef"/>: the passed work, the failed attempt's snapshot, or what a usage window stopped (null: nothing to keep).</summary>
    public string? Commit { get; init; }

    public string? ResultRef { get; init; }

    public decimal CostUsd { get; init; }

    /// <summary>The agent met a usage window: nothing was judged.</summary>
    public UsageLimit? Limit { get; init; }

    /// <summary>Where the transcript is on the worker's host, and its last few kilobytes.</summary>
    public string? TranscriptPath { get; init; }

    public string? TranscriptTail { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeatureSessionPayload))]
[JsonSerializable(typeof(FeatureSessionReport))]
[JsonSerializable(typeof(SpecTaskPayload))]
[JsonSerializable(typeof(SpecTaskReport))]
internal sealed partial class FleetItemJson : JsonSerializerContext;
