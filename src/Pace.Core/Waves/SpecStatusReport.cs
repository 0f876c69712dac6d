namespace Pace.Core.Waves;

/// <summary>
/// What each invocation reports (the seed's output format): status is success, waiting, failed or
/// completed; phase as the state file writes it. A function of the state alone.
/// </summary>
public sealed record SpecStatusReport(
    string Status,
    string SpecName,
    int CurrentWave,
    int TotalWaves,
    string Phase,
    int? PrNumber,
    string Message,
    string NextAction)
{
    public const string Success = "success";
    public const string Waiting = "waiting";
    public const string Failed = "failed";
    public const string Completed = "completed";

    public static SpecStatusReport Of(SpecState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var run = $"pace spec run {s.SpecName}";
        var wave = $"Wave {s.CurrentWave} of {s.TotalWaves}";
        var pr = $"PR #{s.PrNumber}";
        var (status, message, next) = s.Phase switch
        {
            SpecPhase.Init => (Success, $"Spec {s.SpecName} is ready: {s.TotalWaves} waves to run.", run),
            SpecPhase.Execute when s.ExecutionStatus.TaskBranchesMerged => (Success, $"{wave}: tasks merged into {s.WaveBranch}; opening the pull request.", run),
            SpecPhase.Execute => (Success, $"{wave}: running tasks ({s.ExecutionStatus.TasksCompleted} of {s.ExecutionStatus.TasksTotal} passed).", run),
            SpecPhase.AwaitingReview when s.ReviewStatus.PollTimedOut =>
                (Waiting, $"{wave}: no review of {pr} after {s.Flags.MaxPollDurationMs / 60_000} minutes of polling; check the pull request.", $"{run} to check the review again"),
            SpecPhase.AwaitingReview when s.Flags.ManualMode => (Waiting, $"{wave}: {pr} awaits review (manual mode: one check per run).", $"{run} to check the review"),
            SpecPhase.AwaitingReview => (Waiting, $"{wave}: {pr} awaits review (poll {s.ReviewStatus.PollCount}).", $"{run} to check the review"),
            SpecPhase.ReviewProcessing =>
                (Success, $"{wave}: addressing review cycle {s.ReviewStatus.ReviewCycles} of {pr} ({s.ReviewStatus.BlockingCount} blocking comments).", run),
            SpecPhase.ReadyToMerge when s.CurrentWaveMerged => (Success, $"{wave}: {pr} merged into {s.PullRequestTarget}; cleaning up.", run),
            SpecPhase.ReadyToMerge when s.IsFinalWave && !s.MergeConfirmed =>
                (Waiting, $"Final wave: {pr} merges into {s.PullRequestTarget} and needs your confirmation.", $"{run} --yes to merge it"),
            SpecPhase.ReadyToMerge => (Success, $"{wave}: {pr} approved; merging into {s.PullRequestTarget}.", run),
            SpecPhase.Completed => (Completed, $"Spec {s.SpecName} is complete: all {s.TotalWaves} waves merged ({Summary(s)}).", "none"),
            _ => (Failed, $"{wave} failed: {s.ExecutionStatus.LastError}",
                $"fix the cause, then pace spec retry {s.SpecName} (restarts wave {s.CurrentWave}) or pace spec recover {s.SpecName} (starts over)"),
        };
        return new SpecStatusReport(status, s.SpecName, s.CurrentWave, s.TotalWaves, s.Phase.Name(), s.PrNumber, message, next);
    }

    private static string Summary(SpecState s) => string.Join("; ", s.History
        .Where(h => h.Status == WaveOutcome.Merged)
        .Select(h => $"wave {h.Wave}: PR #{h.PrNumber}, {h.ReviewCycles} review cycle{(h.ReviewCycles == 1 ? "" : "s")}"));
}
