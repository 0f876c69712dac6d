using Pace.Core.Waves;

namespace Pace.Core.Notifications;

/// <summary>The notices of a spec run, read off the state machine's decisions (the executor's observer): pure.</summary>
public static class SpecNotices
{
    /// <summary>The notice a decision calls for, if any.</summary>
    /// <param name="state">The state after the decision.</param>
    /// <param name="personReviews">Reviews come from a person (pace.spec.reviewer "person", or GitHub), not from a reviewer agent.</param>
    public static Notice? Of(SpecEvent evt, SpecState state, bool personReviews)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(state);
        var wave = $"Wave {state.CurrentWave} of {state.TotalWaves}";
        return evt switch
        {
            TaskFailed f => new Notice(NoticeKinds.Stuck, f.At, $"{state.SpecName}: task {f.TaskId} of wave {f.Wave} failed: {f.Reason}")
            {
                Spec = state.SpecName, Wave = f.Wave, Task = f.TaskId,
            },
            PullRequestOpened or ReviewFixesVerified when personReviews && state.Phase == SpecPhase.AwaitingReview =>
                Waiting(evt, state, $"{state.SpecName}: {wave}: PR #{state.PrNumber} awaits your review."),
            MergeDeclined => Waiting(evt, state, $"{state.SpecName}: {SpecStatusReport.Of(state).Message}"),
            // One task's slot waits for its agent's usage window; the wave's other tasks go on.
            TaskPaused p => new Notice(NoticeKinds.Paused, p.At, $"{state.SpecName}: task {p.Pause.TaskId} of wave {p.Wave} paused until {p.Pause.Until.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({p.Pause.Agent}, {p.Pause.Reason}); the wave's other tasks go on")
            {
                Spec = state.SpecName, Wave = p.Wave, Task = p.Pause.TaskId, Pause = new Loop.PauseState(p.Pause.Since, p.Pause.Until, p.Pause.Agent, p.Pause.Reason),
            },
            TaskResumed r => new Notice(NoticeKinds.Resumed, r.At, $"{state.SpecName}: task {r.TaskId} of wave {r.Wave} resumes after its agent's usage window")
            {
                Spec = state.SpecName, Wave = r.Wave, Task = r.TaskId,
            },
            _ => null,
        };
    }

    /// <summary>The end of one `pace spec run` (or retry, recover): completed, failed, or waiting for a person.</summary>
    public static Notice Finished(SpecState state, DateTimeOffset at)
    {
        var report = SpecStatusReport.Of(state);
        return new Notice(NoticeKinds.RunFinished, at, $"{state.SpecName}: {report.Message}")
        {
            Spec = state.SpecName,
            Wave = state.CurrentWave,
            StopReason = report.Status,
            PullRequest = state.PrNumber,
            NextAction = report.NextAction == "none" ? null : report.NextAction,
        };
    }

    private static Notice Waiting(SpecEvent evt, SpecState state, string message) => new(NoticeKinds.Waiting, evt.At, message)
    {
        Spec = state.SpecName,
        Wave = state.CurrentWave,
        PullRequest = state.PrNumber,
        NextAction = SpecStatusReport.Of(state).NextAction,
    };
}
