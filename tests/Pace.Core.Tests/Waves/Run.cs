using Pace.Core.Waves;

namespace Pace.Core.Tests.Waves;

/// <summary>Helpers to drive the machine in tests: a fixed start time and states at each phase, reached by real events.</summary>
internal static class Run
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Min(double minutes) => T0.AddMinutes(minutes);

    public static SpecState New(int waves = 3, SpecFlags? flags = null) => SpecState.Create("ui", ".agent-os/specs/2026-03-01-ui", waves, T0, flags);

    public static Decision Feed(this SpecState state, SpecEvent evt)
    {
        var decision = SpecMachine.Decide(state, evt);
        decision.Ignored.ShouldBeNull();
        return decision;
    }

    public static SpecState Then(this SpecState state, params SpecEvent[] events)
    {
        foreach (var evt in events)
        {
            state = state.Feed(evt).Next;
        }

        return state;
    }

    /// <summary>The current wave's tasks a and b reported passed and merged; its pull request (number 10 + wave) open.</summary>
    public static SpecState WithOpenPullRequest(this SpecState s)
    {
        var w = s.CurrentWave;
        if (s.Phase == SpecPhase.Init)
        {
            s = s.Then(new RunRequested(Min(0)));
        }

        return s.Then(
            new WaveStarted(Min(1), w, ["a", "b"]),
            new TaskPassed(Min(2), w, "a"),
            new TaskPassed(Min(3), w, "b"),
            new TaskBranchesMerged(Min(4), w),
            new PullRequestOpened(Min(5), w, 10 + w, $"https://forge.test/pr/{10 + w}"));
    }

    public static SpecState Approved(this SpecState s) =>
        s.WithOpenPullRequest().Then(new ReviewReceived(Min(8), ReviewVerdict.Approved, []));

    public static SpecState Merged(this SpecState s) => s.Approved().Then(new PullRequestMerged(Min(9)));

    public static T Single<T>(this Decision decision) => decision.Effects.ShouldHaveSingleItem().ShouldBeOfType<T>();
}
