using Pace.Core.Agents;
using Pace.Core.Loop;
using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// Usage windows in a spec run, by the loop's rule (the reset plus jitter, the API's delay, or a
/// doubling backoff; a failure when the wait would pass usageLimits.maxPauseHours). A task hit by
/// one pauses its own slot, not the run: the wave's other tasks go on.
/// </summary>
internal sealed class SpecUsageWaits(WaveContext context)
{
    private DateTimeOffset Now => context.Clock.GetUtcNow();

    /// <summary>The task's pause, or its failure when the window is too long.</summary>
    public SpecEvent TaskPausedBy(int wave, SpecTask task, UsageLimit limit, int pausesBefore, string? partialWork)
    {
        var now = Now;
        // The jitter is spread by the task's place in the spec, as the loop spreads it by session number.
        var (until, tooLong) = PauseFor(limit, now, pausesBefore, context.Spec.Tasks.ToList().FindIndex(t => t.Id == task.Id) + 1);
        if (tooLong is not null)
        {
            return new TaskFailed(now, wave, task.Id, tooLong);
        }

        var kept = partialWork is null ? "" : $"; its partial work is kept on {partialWork}";
        context.Log($"wave {wave}: task {task.Id} paused until {until.ToLocalTime():HH:mm:ss} ({context.Agent.Name}, {limit.Reason}): not counted as a failure{kept}; the other tasks go on");
        return new TaskPaused(now, wave, new TaskPause(task.Id, now, until, context.Agent.Name, limit.Reason, pausesBefore + 1));
    }

    /// <summary>
    /// A session that is not a task's (a review fix) and meets a usage window waits it out here and
    /// runs again, its partial work kept on a ref each time; a window longer than
    /// usageLimits.maxPauseHours fails it. Not recorded in the state: a run killed while waiting runs
    /// the session again when started, and learns the window again from the agent.
    /// </summary>
    public async Task<SessionOutcome> WaitingOutLimitsAsync(string what, Func<Task<SessionOutcome>> session, CancellationToken cancellationToken)
    {
        for (var pauses = 0; ; pauses++)
        {
            var outcome = await session().ConfigureAwait(false);
            if (outcome.Limit is not { } limit)
            {
                return outcome;
            }

            var (until, tooLong) = PauseFor(limit, Now, pauses, 0);
            if (tooLong is not null)
            {
                return outcome with { Reasons = [tooLong], Limit = null };
            }

            var kept = outcome.AttemptRef is null ? "" : $"; its partial work is kept on {outcome.AttemptRef}";
            context.Log($"{what} paused until {until.ToLocalTime():HH:mm:ss} ({context.Agent.Name}, {limit.Reason}): not counted as a failure{kept}");
            await SleepUntilAsync(until, cancellationToken).ConfigureAwait(false);
            context.Log($"{what}: resuming after the {limit.Reason} of {context.Agent.Name}");
        }
    }

    /// <summary>Sleeps until <paramref name="until"/>: a timer may fire a little early, and the pause ends at the time it says, not before.</summary>
    public async Task SleepUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        for (var left = until - Now; left > TimeSpan.Zero; left = until - Now)
        {
            await Task.Delay(left, context.Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>When a pause for <paramref name="limit"/> ends (the loop's rule), and why it may not be taken when it would pass usageLimits.maxPauseHours.</summary>
    private (DateTimeOffset Until, string? TooLong) PauseFor(UsageLimit limit, DateTimeOffset now, int pausesBefore, int jitterSeed)
    {
        var policy = context.Config.UsagePauses;
        var until = UsagePause.Until(limit, now, pausesBefore, policy, jitterSeed);
        return until - now > policy.MaxPause
            ? (until, $"the agent's {limit.Reason} lasts until {until:O}, longer than usageLimits.maxPauseHours ({policy.MaxPause.TotalHours} h)")
            : (until, null);
    }
}
