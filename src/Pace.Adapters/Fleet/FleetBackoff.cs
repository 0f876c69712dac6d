namespace Pace.Adapters.Fleet;

/// <summary>
/// The one pause between tries at a fleet database out of reach (a restart, a cut network), for
/// workers and coordinators alike: half a second after the first failure, doubling, never more than
/// 30 seconds, so a restarted database is found again within 30 seconds of its return.
/// </summary>
public static class FleetBackoff
{
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    /// <summary>The pause after <paramref name="failures"/> failures in a row (1 or more).</summary>
    public static TimeSpan After(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(Longest.TotalMilliseconds, 250 * Math.Pow(2, Math.Clamp(failures, 1, 10))));

    /// <summary>Waits <see cref="After"/>; a stop ends the wait early without throwing (the caller looks at its token).</summary>
    public static Task PauseAsync(int failures, CancellationToken stop) =>
        Task.Delay(After(failures), stop).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
