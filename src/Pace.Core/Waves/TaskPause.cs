namespace Pace.Core.Waves;

/// <summary>
/// A spec task whose agent hit a usage window: its slot waits until <see cref="Until"/> while the
/// wave's other tasks go on. Saved in the spec run's state, so a restarted run waits only the rest.
/// </summary>
/// <param name="Count">The task's pauses in a row (the backoff doubles with each when no reset time is known).</param>
public sealed record TaskPause(string TaskId, DateTimeOffset Since, DateTimeOffset Until, string Agent, string Reason, int Count);
