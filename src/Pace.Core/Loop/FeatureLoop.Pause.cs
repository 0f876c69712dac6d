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
    private async Task PauseAsync(SessionPlace place, SessionState session, decimal? cost, UsageLimit limit)
    {
        await SetAsideAsync(place, session, RefNames.Interrupted, CancellationToken.None).ConfigureAwait(false);
        var now = _context.Clock.GetUtcNow();
        PauseState pause = null!;
        var state = Update(s =>
        {
            var until = UsagePause.Until(limit, now, s.PausesInARow, _context.Config.UsagePauses, session.Number);
            // Keyed by the name the run's agent order uses (pace.json's), which the agent's own name may not be.
            pause = new PauseState(now, until, session.AgentName ?? s.Options.Agent, limit.Reason);
            var paused = place.Remove(s, session.Number) with
            {
                AgentPauses = [.. FallbackAgents.Open(s, now).Where(p => p.Agent != pause.Agent), pause],
                PausesInARow = s.PausesInARow + 1,
                CostUsd = s.CostUsd + (cost ?? 0),
            };
            return FallbackAgents.Available(paused, now) is null ? paused with { Pause = FallbackAgents.RunPause(paused, now) } : paused;
        });
        _context.Observer.SessionPaused(session.Number);
        if (state.Pause is not { } runPause)
        {
            var next = FallbackAgents.Available(state, now)!;
            Save("agent-paused", session.Number, $"{pause.Agent} until {pause.Until:O} ({pause.Reason}); the sessions go to {next}");
            _context.Observer.AgentPaused(pause, next);
            return;
        }

        Save("paused", session.Number, $"until {runPause.Until:O} ({runPause.Agent}, {runPause.Reason})");
        _context.Observer.Paused(runPause);
    }

    /// <summary>Waits for the pause's end (only the rest of it after a restart); false when the wait would pass the run's pause limit.</summary>
    private async Task<bool> WaitOutAsync(PauseState pause, CancellationToken cancellationToken)
    {
        if (UsagePause.ExceedsLimit(State, pause, _context.Config.UsagePauses))
        {
            return false;
        }

        // A timer may fire a little early; the run resumes at the time it says, not before.
        for (var left = pause.Until - _context.Clock.GetUtcNow(); left > TimeSpan.Zero; left = pause.Until - _context.Clock.GetUtcNow())
        {
            await Task.Delay(left, _context.Clock, cancellationToken).ConfigureAwait(false);
        }

        Update(s => s with
        {
            Pause = null,
            AgentPauses = FallbackAgents.Open(s, _context.Clock.GetUtcNow()),
            PausedTotal = s.PausedTotal + (pause.Until - pause.Since),
        });
        Save("resumed", null, $"{pause.Agent} after {pause.Reason}");
        _context.Observer.Resumed(pause);
        return true;
    }

    /// <summary>
    /// The agent for a new session: the first one in order whose window is open (null: the run's own
    /// agent, <see cref="LoopContext.Agent"/>); pauses that ended are dropped.
    /// </summary>
    private string? ChooseAgent(int session)
    {
        var now = _context.Clock.GetUtcNow();
        var state = State;
        var first = state.Options.Agent;
        var agent = FallbackAgents.Available(state, now) ?? first;
        foreach (var ended in state.AgentPauses.Where(p => p.Until <= now))
        {
            _context.Store.Journal("agent-window-reset", session, $"{ended.Agent}: its {ended.Reason} reset at {ended.Until:O}");
        }

        Update(s => s with { AgentPauses = FallbackAgents.Open(s, now) });
        if (agent == first)
        {
            return null;
        }

        _context.Store.Journal("fallback-agent", session, $"{agent}, while {first} is paused");
        return agent;
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
