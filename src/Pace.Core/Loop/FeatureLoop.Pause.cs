using Pace.Core.Agents;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    /// <summary>
    /// The agent hit a usage limit: not a failure and not an attempt. Its partial work goes on
    /// refs/pace/interrupted/ID/N, the tree back to the base, and the run pauses (saved).
    /// </summary>
    private async Task<RunState> PauseAsync(RunState state, SessionState session, AgentResult result, UsageLimit limit)
    {
        await SetAsideAsync(session, "interrupted", CancellationToken.None).ConfigureAwait(false);
        var now = _context.Clock.GetUtcNow();
        var until = UsagePause.Until(limit, now, state.PausesInARow, _context.Config.UsagePauses, session.Number);
        var pause = new PauseState(now, until, _context.Agent.Name, limit.Reason);
        state = state with
        {
            Current = null,
            Pause = pause,
            PausesInARow = state.PausesInARow + 1,
            CostUsd = state.CostUsd + (result.CostUsd ?? 0),
        };
        Save(state, "paused", session.Number, $"until {until:O} ({pause.Agent}, {pause.Reason})");
        _context.Observer.Paused(pause);
        return state;
    }

    /// <summary>Waits for the pause's end (only the rest of it after a restart); null when the wait would pass the run's pause limit.</summary>
    private async Task<RunState?> WaitOutAsync(RunState state, PauseState pause, CancellationToken cancellationToken)
    {
        if (UsagePause.ExceedsLimit(state, pause, _context.Config.UsagePauses))
        {
            return null;
        }

        // A timer may fire a little early; the run resumes at the time it says, not before.
        for (var left = pause.Until - _context.Clock.GetUtcNow(); left > TimeSpan.Zero; left = pause.Until - _context.Clock.GetUtcNow())
        {
            await Task.Delay(left, _context.Clock, cancellationToken).ConfigureAwait(false);
        }

        state = state with { Pause = null, PausedTotal = state.PausedTotal + (pause.Until - pause.Since) };
        Save(state, "resumed", null, $"{pause.Agent} after {pause.Reason}");
        _context.Observer.Resumed(pause);
        return state;
    }
}
