namespace Pace.Core.Waves;

public static partial class SpecMachine
{
    private static RunWaveTasks RunTasks(SpecState s, bool fresh) =>
        new(s.CurrentWave, s.WaveBranch, s.BaseBranch, s.TargetBranch, fresh);

    private static Decision StartFirstWave(SpecState s, RunRequested e) =>
        Go(s.AtWave(1) with { Phase = SpecPhase.Execute }, RunTasks(s, fresh: false));

    private static Decision ResumeWave(SpecState s, RunRequested e)
    {
        var status = s.ExecutionStatus;
        if (status.TaskBranchesMerged)
        {
            return Go(s, OpenPullRequestFor(s));
        }

        // A crash after the last TaskPassed was persisted but before the merge: merge now, since a
        // repeated report of the same task counts once and would not complete the wave again.
        if (status.TasksTotal > 0 && status.PassedTasks.Count == status.TasksTotal)
        {
            return Go(s, new MergeTaskBranches(s.CurrentWave, s.WaveBranch, status.PassedTasks));
        }

        return Go(s, RunTasks(s, fresh: false));
    }

    private static Decision RecordWaveStart(SpecState s, WaveStarted e) =>
        Go(s with
        {
            ExecutionStatus = s.ExecutionStatus with
            {
                TasksTotal = e.TaskIds.Distinct(StringComparer.Ordinal).Count(),
                WaveStartedAt = s.ExecutionStatus.WaveStartedAt ?? e.At,
            },
        });

    private static Decision RecordTaskPassed(SpecState s, TaskPassed e)
    {
        var status = s.ExecutionStatus;
        if (status.PassedTasks.Contains(e.TaskId) || status.FailedTasks.Contains(e.TaskId))
        {
            return Decision.Ignore(s, $"task {e.TaskId} is already counted");
        }

        IReadOnlyList<string> passed = [.. status.PassedTasks, e.TaskId];
        return CompleteWave(s with { ExecutionStatus = status with { PassedTasks = passed, TasksCompleted = passed.Count } }, e.At);
    }

    private static Decision RecordTaskFailed(SpecState s, TaskFailed e)
    {
        var status = s.ExecutionStatus;
        if (status.PassedTasks.Contains(e.TaskId) || status.FailedTasks.Contains(e.TaskId))
        {
            return Decision.Ignore(s, $"task {e.TaskId} is already counted");
        }

        IReadOnlyList<string> failed = [.. status.FailedTasks, e.TaskId];
        var next = status with { FailedTasks = failed, TasksFailed = failed.Count, LastError = $"task {e.TaskId} failed{(e.ClaimedSuccess ? " although the agent claimed success" : "")}: {e.Reason}" };
        return CompleteWave(s with { ExecutionStatus = next }, e.At);
    }

    /// <summary>
    /// A passed task the wave branch refused: the first time it is not the task's failure, and it runs
    /// again on the wave branch as it is now (counted as not reported yet); refused again, it failed.
    /// </summary>
    private static Decision RecordMergeRefused(SpecState s, TaskMergeRefused e)
    {
        var status = s.ExecutionStatus;
        if (!status.PassedTasks.Contains(e.TaskId))
        {
            return Decision.Ignore(s, $"task {e.TaskId} is not counted as passed");
        }

        IReadOnlyList<string> passed = [.. status.PassedTasks.Where(id => id != e.TaskId)];
        if (status.RefusedMerges.Any(r => r.TaskId == e.TaskId))
        {
            IReadOnlyList<string> failed = [.. status.FailedTasks, e.TaskId];
            var reason = $"task {e.TaskId} failed: its result was refused by the wave branch again after it ran again on it: {e.Reason} (kept on {e.KeptRef})";
            return CompleteWave(s with { ExecutionStatus = status with { PassedTasks = passed, TasksCompleted = passed.Count, FailedTasks = failed, TasksFailed = failed.Count, LastError = reason } }, e.At);
        }

        var next = s with
        {
            ExecutionStatus = status with { PassedTasks = passed, TasksCompleted = passed.Count, RefusedMerges = [.. status.RefusedMerges, new RefusedMerge(e.TaskId, e.Reason, e.KeptRef)] },
        };
        return Go(next, RunTasks(next, fresh: false));
    }

    private static Decision RecordTaskPaused(SpecState s, TaskPaused e)
    {
        var status = s.ExecutionStatus;
        IReadOnlyList<TaskPause> paused = [.. status.PausedTasks.Where(p => p.TaskId != e.Pause.TaskId), e.Pause];
        return Go(s with { ExecutionStatus = status with { PausedTasks = paused } });
    }

    private static Decision RecordTaskResumed(SpecState s, TaskResumed e)
    {
        var status = s.ExecutionStatus;
        return Go(s with { ExecutionStatus = status with { PausedTasks = [.. status.PausedTasks.Where(p => p.TaskId != e.TaskId)] } });
    }

    /// <summary>Once every task of the wave has reported: merge the task branches, or fail the wave if any task failed.</summary>
    private static Decision CompleteWave(SpecState s, DateTimeOffset at)
    {
        var status = s.ExecutionStatus;
        if (status.TasksTotal == 0 || status.PassedTasks.Count + status.FailedTasks.Count < status.TasksTotal)
        {
            return Go(s);
        }

        if (status.FailedTasks.Count > 0)
        {
            var reason = $"wave {s.CurrentWave}: {status.FailedTasks.Count} of {status.TasksTotal} tasks failed ({string.Join(", ", status.FailedTasks)}); last error: {status.LastError}";
            return FailWave(s, at, reason);
        }

        return Go(s, new MergeTaskBranches(s.CurrentWave, s.WaveBranch, status.PassedTasks));
    }

    private static OpenPullRequest OpenPullRequestFor(SpecState s) =>
        new(s.CurrentWave, s.WaveBranch, s.PullRequestTarget, $"{s.SpecName}: wave {s.CurrentWave} of {s.TotalWaves}");

    private static Decision OpenWavePullRequest(SpecState s, TaskBranchesMerged e)
    {
        var next = s with { ExecutionStatus = s.ExecutionStatus with { TaskBranchesMerged = true } };
        return Go(next, OpenPullRequestFor(next));
    }

    private static Decision AwaitReview(SpecState s, PullRequestOpened e)
    {
        var next = s with
        {
            Phase = SpecPhase.AwaitingReview,
            PrNumber = e.Number,
            PrUrl = e.Url,
            ReviewStatus = s.ReviewStatus with { ReviewDecision = ReviewDecision.Pending, PollCount = 0, PollStartedAt = e.At, PollTimedOut = false },
        };
        return Go(next, RequestAndPoll(next));
    }

    private static Decision Retry(SpecState s, RetryRequested e)
    {
        if (s.CurrentWaveMerged)
        {
            return Decision.Ignore(s, $"wave {s.CurrentWave} is merged already; pace spec run goes on with its cleanup");
        }

        // The wave starts over from its base, so no early result stands: every task runs again.
        var next = s.AtWave(s.CurrentWave) with { Phase = SpecPhase.Execute, EarlyTasks = [] };
        return Go(next, RunTasks(next, fresh: true));
    }

    /// <summary>Starts over as the seed's --recover does (delete the state, init): history goes, flags and names stay.</summary>
    private static Decision Recover(SpecState s, RecoverRequested e) =>
        Go(SpecState.Create(s.SpecName, s.SpecPath, e.TotalWaves ?? s.TotalWaves, e.At, s.Flags, s.TargetBranch) with { Unknown = s.Unknown });
}
