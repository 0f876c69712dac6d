using System.Text.Json.Serialization;

namespace Pace.Core.Waves;

/// <summary>The phases of the state file, written as the seed writes them (INIT, AWAITING_REVIEW, ...).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SpecPhase>))]
public enum SpecPhase
{
    [JsonStringEnumMemberName("INIT")]
    Init,

    [JsonStringEnumMemberName("EXECUTE")]
    Execute,

    [JsonStringEnumMemberName("AWAITING_REVIEW")]
    AwaitingReview,

    [JsonStringEnumMemberName("REVIEW_PROCESSING")]
    ReviewProcessing,

    [JsonStringEnumMemberName("READY_TO_MERGE")]
    ReadyToMerge,

    [JsonStringEnumMemberName("COMPLETED")]
    Completed,

    [JsonStringEnumMemberName("FAILED")]
    Failed,
}

public static class SpecPhases
{
    /// <summary>The name as the state file writes it.</summary>
    public static string Name(this SpecPhase phase) => phase switch
    {
        SpecPhase.Init => "INIT",
        SpecPhase.Execute => "EXECUTE",
        SpecPhase.AwaitingReview => "AWAITING_REVIEW",
        SpecPhase.ReviewProcessing => "REVIEW_PROCESSING",
        SpecPhase.ReadyToMerge => "READY_TO_MERGE",
        SpecPhase.Completed => "COMPLETED",
        SpecPhase.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };
}

[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    [JsonStringEnumMemberName("PENDING")]
    Pending,

    [JsonStringEnumMemberName("APPROVED")]
    Approved,

    [JsonStringEnumMemberName("CHANGES_REQUESTED")]
    ChangesRequested,

    [JsonStringEnumMemberName("DISMISSED")]
    Dismissed,
}

/// <summary>How a wave ended, as the history of the state file records it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WaveOutcome>))]
public enum WaveOutcome
{
    [JsonStringEnumMemberName("merged")]
    Merged,

    [JsonStringEnumMemberName("failed")]
    Failed,

    [JsonStringEnumMemberName("skipped")]
    Skipped,
}
