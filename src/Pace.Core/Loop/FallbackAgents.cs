namespace Pace.Core.Loop;

/// <summary>
/// The agents of a run in order (pace.json `agent` as a list): sessions go to the first one whose
/// usage window is open, back to an earlier one once its window resets; the run itself pauses only
/// when every one is paused, until the earliest reset. Pure: the clock's reading is passed in.
/// </summary>
public static class FallbackAgents
{
    /// <summary>The run's agents, first choice first.</summary>
    public static IReadOnlyList<string> Order(RunOptions options) =>
        [options.Agent, .. options.Fallbacks.Where(f => f != options.Agent).Distinct()];

    /// <summary>The agents' pauses that still hold at <paramref name="now"/>.</summary>
    public static IReadOnlyList<PauseState> Open(RunState state, DateTimeOffset now) =>
        state.AgentPauses.Where(p => p.Until > now).ToList();

    /// <summary>The first agent in order that is not paused at <paramref name="now"/>; null when every one is.</summary>
    public static string? Available(RunState state, DateTimeOffset now) =>
        Order(state.Options).FirstOrDefault(a => !state.AgentPauses.Any(p => p.Agent == a && p.Until > now));

    /// <summary>The run's own pause when every agent is paused: from now until the earliest of their resets.</summary>
    public static PauseState RunPause(RunState state, DateTimeOffset now)
    {
        var order = Order(state.Options);
        var earliest = state.AgentPauses.Where(p => order.Contains(p.Agent)).MinBy(p => p.Until)!;
        return earliest with { Since = now };
    }
}
