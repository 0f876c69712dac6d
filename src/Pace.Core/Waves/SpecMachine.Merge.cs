namespace Pace.Core.Waves;

public static partial class SpecMachine
{
    private static readonly string[] ProtectedBranches = ["main", "master"];

    private static Decision ResumeMerge(SpecState s, RunRequested e) =>
        s.CurrentWaveMerged ? Go(s, Cleanup(s)) : Go(s, MergeFor(s));

    private static Decision RecordMerge(SpecState s, PullRequestMerged e)
    {
        if (s.CurrentWaveMerged)
        {
            return Decision.Ignore(s, $"PR #{s.PrNumber} is recorded as merged already");
        }

        var record = new WaveRecord
        {
            Wave = s.CurrentWave,
            PrNumber = s.PrNumber,
            PrUrl = s.PrUrl,
            Status = WaveOutcome.Merged,
            StartedAt = s.ExecutionStatus.WaveStartedAt,
            MergedAt = e.At,
            ReviewCycles = s.ReviewStatus.ReviewCycles,
        };
        var next = s with { History = [.. s.History, record] };
        return Go(next, Cleanup(next));
    }

    /// <summary>The wave branch goes; after the final wave the spec's base branch too. Never main, master or the target.</summary>
    private static CleanupBranches Cleanup(SpecState s)
    {
        string[] candidates = s.IsFinalWave ? [s.WaveBranch, s.BaseBranch] : [s.WaveBranch];
        var keep = ProtectedBranches.Append(s.TargetBranch).ToHashSet(StringComparer.Ordinal);
        return new CleanupBranches(s.CurrentWave, [.. candidates.Where(b => !keep.Contains(b))]);
    }

    /// <summary>After cleanup (done or not): the next wave starts at once, or the spec is complete.</summary>
    private static Decision Advance(SpecState s, bool cleaned)
    {
        if (!s.CurrentWaveMerged)
        {
            return Decision.Ignore(s, $"PR #{s.PrNumber} is not merged yet");
        }

        IReadOnlyList<WaveRecord> history = [.. s.History.SkipLast(1), s.History[^1] with { BranchCleaned = cleaned }];
        if (s.IsFinalWave)
        {
            return Go(s with { Phase = SpecPhase.Completed, History = history, EarlyTasks = [] });
        }

        // Early tasks of the waves to come stay (their results are used there); the merged wave's go.
        var early = s.EarlyTasks.Where(t => t.Wave > s.CurrentWave).ToList();
        var next = (s with { History = history, EarlyTasks = early }).AtWave(s.CurrentWave + 1) with { Phase = SpecPhase.Execute };
        return Go(next, RunTasks(next, fresh: false));
    }
}
