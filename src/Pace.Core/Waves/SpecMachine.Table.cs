using static Pace.Core.Waves.SpecPhase;

namespace Pace.Core.Waves;

public static partial class SpecMachine
{
    private static readonly Rule[] Rules = BuildRules();

    private sealed record Rule(SpecPhase From, Type On, IReadOnlyList<SpecTransition> Outcomes, Func<SpecState, SpecEvent, Decision> Handle);

    private static Rule[] BuildRules()
    {
        var rules = new List<Rule>
        {
            On<RunRequested>(Init, StartFirstWave, (Execute, null, ["RunWaveTasks"])),

            On<RunRequested>(Execute, ResumeWave,
                (Execute, "tasks not all passed", ["RunWaveTasks"]),
                (Execute, "all tasks passed", ["MergeTaskBranches"]),
                (Execute, "task branches merged", ["OpenPullRequest"])),
            On<WaveStarted>(Execute, RecordWaveStart, (Execute, null, [])),
            On<TaskPassed>(Execute, RecordTaskPassed,
                (Execute, "tasks outstanding", []),
                (Execute, "last task, all passed", ["MergeTaskBranches"]),
                (Failed, "last task, some failed", ["Fail"])),
            On<TaskFailed>(Execute, RecordTaskFailed,
                (Execute, "tasks outstanding", []),
                (Failed, "last task", ["Fail"])),
            On<TaskPaused>(Execute, RecordTaskPaused, (Execute, "the task's slot waits for the reset", [])),
            On<TaskResumed>(Execute, RecordTaskResumed, (Execute, "the task runs again", [])),
            On<TaskBranchesMerged>(Execute, OpenWavePullRequest, (Execute, null, ["OpenPullRequest"])),
            On<TaskMergeRefused>(Execute, RecordMergeRefused,
                (Execute, "first refusal: the task runs again on the wave branch", ["RunWaveTasks"]),
                (Failed, "refused again", ["Fail"])),
            On<PullRequestOpened>(Execute, AwaitReview,
                (AwaitingReview, null, ["RequestReview", "PollReview"]),
                (AwaitingReview, "manual mode", ["RequestReview"])),
            On<PullRequestFailed>(Execute, (s, e) => FailWave(s, e.At, $"wave {s.CurrentWave}: no pull request was opened: {e.Reason}"), (Failed, null, ["Fail"])),

            On<RunRequested>(AwaitingReview, ResumePolling, (AwaitingReview, null, ["PollReview"])),
            On<ReviewPending>(AwaitingReview, KeepPolling,
                (AwaitingReview, "polling time left", ["PollReview"]),
                (AwaitingReview, "manual mode, or polling time used up", [])),
            On<ReviewReceived>(AwaitingReview, ProcessVerdict,
                (ReadyToMerge, "approved", ["MergePullRequest"]),
                (ReviewProcessing, "changes requested, review cycles left", ["AddressReview"]),
                (Failed, "changes requested in the last review cycle", ["Fail"])),

            On<ReviewUnreadable>(AwaitingReview, (s, e) => FailWave(s, e.At, $"wave {s.CurrentWave}: the review of PR #{s.PrNumber} failed: {e.Reason}"), (Failed, null, ["Fail"])),

            On<RunRequested>(ReviewProcessing, ResumeFixes, (ReviewProcessing, null, ["AddressReview"])),
            On<ReviewFixesVerified>(ReviewProcessing, FixesVerified,
                (AwaitingReview, null, ["RequestReview", "PollReview"]),
                (AwaitingReview, "manual mode", ["RequestReview"])),
            On<ReviewFixesFailed>(ReviewProcessing, (s, e) => FailWave(s, e.At, $"wave {s.CurrentWave}: addressing the review of PR #{s.PrNumber} failed: {e.Reason}"), (Failed, null, ["Fail"])),

            On<RunRequested>(ReadyToMerge, ResumeMerge,
                (ReadyToMerge, "not merged yet", ["MergePullRequest"]),
                (ReadyToMerge, "merged", ["CleanupBranches"])),
            On<MergeConfirmed>(ReadyToMerge, (s, e) => Go(s with { MergeConfirmed = true }, MergeFor(s with { MergeConfirmed = true })), (ReadyToMerge, null, ["MergePullRequest"])),
            On<MergeDeclined>(ReadyToMerge, (s, e) => Go(s with { MergeConfirmed = false }), (ReadyToMerge, "waits for the user", [])),
            On<PullRequestMerged>(ReadyToMerge, RecordMerge, (ReadyToMerge, null, ["CleanupBranches"])),
            On<MergeFailed>(ReadyToMerge, (s, e) => FailWave(s, e.At, $"wave {s.CurrentWave}: merging PR #{s.PrNumber} into {s.PullRequestTarget} failed: {e.Reason}"), (Failed, null, ["Fail"])),
            On<BranchCleaned>(ReadyToMerge, (s, e) => Advance(s, cleaned: true), (Execute, "more waves", ["RunWaveTasks"]), (Completed, "final wave", [])),
            On<BranchCleanupFailed>(ReadyToMerge, (s, e) => Advance(s, cleaned: false), (Execute, "more waves", ["RunWaveTasks"]), (Completed, "final wave", [])),
        };

        rules.AddRange(EarlyRules());

        foreach (var phase in new[] { Execute, AwaitingReview, ReviewProcessing, ReadyToMerge, Failed })
        {
            rules.Add(On<RetryRequested>(phase, Retry, (Execute, "wave not merged", ["RunWaveTasks"])));
        }

        foreach (var phase in Enum.GetValues<SpecPhase>())
        {
            rules.Add(On<RecoverRequested>(phase, Recover, (Init, null, [])));
            rules.Add(On<SettingsApplied>(phase, (s, e) => Go(s with { Flags = e.Flags }), (phase, "the settings of this command", [])));
        }

        return [.. rules];
    }

    private static Rule On<TEvent>(SpecPhase from, Func<SpecState, TEvent, Decision> handle, params (SpecPhase To, string? Guard, string[] Effects)[] outcomes)
        where TEvent : SpecEvent =>
        new(from, typeof(TEvent), [.. outcomes.Select(o => new SpecTransition(from, typeof(TEvent).Name, o.Guard, o.To, o.Effects))], (s, e) => handle(s, (TEvent)e));
}
