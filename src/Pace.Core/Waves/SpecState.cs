using System.Text.Json;
using System.Text.Json.Serialization;
using Pace.Core.Git;

namespace Pace.Core.Waves;

/// <summary>
/// The state of one spec run: the seed's <c>.agent-os/state/execute-spec-&lt;spec&gt;.json</c>,
/// field for field, plus a few fields of Pace's own (marked so). Members the file has and Pace
/// does not know survive a round trip in <see cref="Unknown"/>. Read and write it with
/// <see cref="SpecStateJson"/>; change it only through <see cref="SpecMachine.Decide"/>.
/// </summary>
/// <remarks>
/// Properties have setters rather than init accessors: the System.Text.Json source generator sets
/// init-only properties like constructor arguments, so a member missing from the file would get
/// null or 0 instead of its default here. Treat instances as immutable all the same: change them
/// with <c>with</c> only.
/// </remarks>
public sealed record SpecState
{
    public const string CurrentVersion = "1.0";

    public string Version { get; set; } = CurrentVersion;

    public string SpecName { get; set; } = "";

    public string SpecPath { get; set; } = "";

    /// <summary>1-based.</summary>
    public int CurrentWave { get; set; } = 1;

    public int TotalWaves { get; set; }

    public SpecPhase Phase { get; set; }

    public int? PrNumber { get; set; }

    public string? PrUrl { get; set; }

    /// <summary><c>feature/&lt;spec&gt;-wave-N</c>: where the current wave's task branches are merged; the head of its pull request.</summary>
    public string WaveBranch { get; set; } = "";

    /// <summary><c>feature/&lt;spec&gt;</c>: the spec's integration branch, which wave pull requests target.</summary>
    public string BaseBranch { get; set; } = "";

    /// <summary>The branch the final wave's pull request targets, usually main (Pace's field).</summary>
    public string TargetBranch { get; set; } = "main";

    public bool IsFinalWave { get; set; }

    /// <summary>The user said yes to merging the final pull request into <see cref="TargetBranch"/> (Pace's field).</summary>
    public bool MergeConfirmed { get; set; }

    public ReviewStatus ReviewStatus { get; set; } = new();

    public ExecutionStatus ExecutionStatus { get; set; } = new();

    public IReadOnlyList<WaveRecord> History { get; set; } = [];

    /// <summary>Tasks of later waves started early, and the current wave's tasks that were (Pace's field).</summary>
    public IReadOnlyList<EarlyTask> EarlyTasks { get; set; } = [];

    public SpecFlags Flags { get; set; } = new();

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    [JsonExtensionData]
    // A setter, not init: System.Text.Json fills extension data after construction.
    public Dictionary<string, JsonElement>? Unknown { get; set; }

    /// <summary>The state of a run that has not started: phase INIT, wave 1.</summary>
    public static SpecState Create(string specName, string specPath, int totalWaves, DateTimeOffset now, SpecFlags? flags = null, string targetBranch = "main")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(specName);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalWaves, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetBranch);
        return new SpecState
        {
            SpecName = specName,
            SpecPath = specPath,
            TotalWaves = totalWaves,
            TargetBranch = targetBranch,
            Flags = flags ?? new SpecFlags(),
            CreatedAt = now,
            UpdatedAt = now,
        }.AtWave(1);
    }

    /// <summary>This state moved to the start of a wave: its branches, nothing of the previous wave's pull request or review.</summary>
    internal SpecState AtWave(int wave) => this with
    {
        CurrentWave = wave,
        IsFinalWave = wave == TotalWaves,
        WaveBranch = RefNames.WaveBranch(SpecName, wave),
        BaseBranch = RefNames.SpecBranch(SpecName),
        PrNumber = null,
        PrUrl = null,
        MergeConfirmed = false,
        ReviewStatus = new ReviewStatus(),
        ExecutionStatus = new ExecutionStatus(),
    };

    /// <summary>Where this wave's pull request merges: the spec's base branch, or the target for the final wave.</summary>
    [JsonIgnore]
    public string PullRequestTarget => IsFinalWave ? TargetBranch : BaseBranch;

    /// <summary>The pull request of the current wave is merged (its history entry exists) and only cleanup is left.</summary>
    [JsonIgnore]
    public bool CurrentWaveMerged => History.Count > 0 && History[^1] is { Status: WaveOutcome.Merged } last && last.Wave == CurrentWave;
}
