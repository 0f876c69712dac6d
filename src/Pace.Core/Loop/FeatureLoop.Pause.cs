using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Ports;

namespace Pace.Core.Loop;

public sealed partial class FeatureLoop
{
    /// <summary>
    /// The agent hit a usage limit: not a failure and not an attempt. Its partial work goes on
    /// refs/pace/interrupted/ID/N, the tree back to the base, and the agent is paused (saved). With a
    /// fallback agent whose window is open the run goes on with it; otherwise the run pauses until the
    /// earliest reset.
    /// </summary>
    private async Task<RunState> PauseAsync(RunState state, SessionState session, AgentResult result, UsageLimit limit)
    {
        await SetAsideAsync(session, RefNames.Interrupted, CancellationToken.None).ConfigureAwait(false);
        var now = _context.Clock.GetUtcNow();
        var until = UsagePause.Until(limit, now, state.PausesInARow, _context.Config.UsagePauses, session.Number);
        // Keyed by the name the run's agent order uses (pace.json's), which the agent's own name may not be.
        var pause = new PauseState(now, until, session.AgentName ?? state.Options.Agent, limit.Reason);
        state = state with
        {
            Current = null,
            AgentPauses = [.. FallbackAgents.Open(state, now).Where(p => p.Agent != pause.Agent), pause],
            PausesInARow = state.PausesInARow + 1,
            CostUsd = state.CostUsd + (result.CostUsd ?? 0),
        };
        if (FallbackAgents.Available(state, now) is { } next)
        {
            Save(state, "agent-paused", session.Number, $"{pause.Agent} until {until:O} ({pause.Reason}); the sessions go to {next}");
            _context.Observer.AgentPaused(pause, next);
            return state;
        }

        var runPause = FallbackAgents.RunPause(state, now);
        state = state with { Pause = runPause };
        Save(state, "paused", session.Number, $"until {runPause.Until:O} ({runPause.Agent}, {runPause.Reason})");
        _context.Observer.Paused(runPause);
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

        state = state with
        {
            Pause = null,
            AgentPauses = FallbackAgents.Open(state, _context.Clock.GetUtcNow()),
            PausedTotal = state.PausedTotal + (pause.Until - pause.Since),
        };
        Save(state, "resumed", null, $"{pause.Agent} after {pause.Reason}");
        _context.Observer.Resumed(pause);
        return state;
    }

    /// <summary>
    /// The agent for a new session: the first one in order whose window is open (null: the run's own
    /// agent, <see cref="LoopContext.Agent"/>); pauses that ended are dropped.
    /// </summary>
    private (RunState State, string? Agent) ChooseAgent(RunState state, int session)
    {
        var now = _context.Clock.GetUtcNow();
        var first = state.Options.Agent;
        var agent = FallbackAgents.Available(state, now) ?? first;
        foreach (var ended in state.AgentPauses.Where(p => p.Until <= now))
        {
            _context.Store.Journal("agent-window-reset", session, $"{ended.Agent}: its {ended.Reason} reset at {ended.Until:O}");
        }

        state = state with { AgentPauses = FallbackAgents.Open(state, now) };
        if (agent == first)
        {
            return (state, null);
        }

        _context.Store.Journal("fallback-agent", session, $"{agent}, while {first} is paused");
        return (state, agent);
    }

    /// <summary>The agent that does (or did) a session's work.</summary>
    private IAgent AgentOf(SessionState session)
    {
        var name = session.AgentName;
        if (name is null || name == _context.Agent.Name)
        {
            return _context.Agent;
        }

        return _context.AgentNamed?.Invoke(name) ?? throw new InvalidOperationException($"session {session.Number} was given to agent {name}, which this run cannot start");
    }
}
