using Pace.Core.Ports;
using Pace.Core.Waves;

namespace Pace.Core.Tests.Waves;

public sealed class SpecExecutorTests
{
    [Fact]
    public async Task Each_decision_is_saved_and_journaled_before_the_next_effect_is_performed()
    {
        var store = new FakeStore();
        var effects = new ScriptedEffects(store, Run.T0);
        var executor = new SpecExecutor(store, effects, Run.New(waves: 1, new SpecFlags { ManualMode = true }));

        var final = await executor.RunAsync(new RunRequested(Run.T0), TestContext.Current.CancellationToken);

        final.Phase.ShouldBe(SpecPhase.AwaitingReview);
        final.PrNumber.ShouldBe(7);
        effects.Performed.ShouldBe(["RunWaveTasks", "MergeTaskBranches", "OpenPullRequest", "RequestReview"]);
        // Every effect saw the state its decision saved: the saves before it are the ones the machine made.
        effects.SavesSeen.ShouldBe([1, 4, 5, 6]);
        store.Steps.ShouldContain("task-passed:1:x");
        store.Steps.ShouldContain("perform-open-pull-request:1");
        store.Steps.IndexOf("pull-request-opened:1").ShouldBeLessThan(store.Steps.IndexOf("perform-request-review:1"));
    }

    [Fact]
    public async Task Polling_stops_when_its_time_is_used_up_and_the_run_waits_without_sleeping()
    {
        var store = new FakeStore();
        var flags = new SpecFlags { PollIntervalMs = 120_000, MaxPollDurationMs = 600_000 };
        var effects = new ScriptedEffects(store, Run.T0);
        var executor = new SpecExecutor(store, effects, Run.New(waves: 1, flags));

        var final = await executor.RunAsync(new RunRequested(Run.T0), TestContext.Current.CancellationToken);

        final.Phase.ShouldBe(SpecPhase.AwaitingReview);
        final.ReviewStatus.PollTimedOut.ShouldBeTrue();
        // Polls at 2, 4, 6, 8 and 10 minutes fill the 10-minute window; a sixth would overrun it.
        effects.Performed.Count(p => p == "PollReview").ShouldBe(5);
        SpecStatusReport.Of(final).Status.ShouldBe(SpecStatusReport.Waiting);
    }

    private sealed class FakeStore : ISpecRunStore
    {
        public int Saves { get; private set; }

        public List<string> Steps { get; } = [];

        public SpecState? Load() => null;

        public void Save(SpecState state) => Saves++;

        public void Journal(string step, string? detail = null) => Steps.Add(step);
    }

    /// <summary>Answers each effect as a quick, successful adapter would; polls find no review and take the interval of simulated time.</summary>
    private sealed class ScriptedEffects(FakeStore store, DateTimeOffset start) : ISpecEffects
    {
        private DateTimeOffset _now = start;

        public List<string> Performed { get; } = [];

        public List<int> SavesSeen { get; } = [];

        public async Task PerformAsync(SpecEffect effect, SpecState state, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
        {
            Performed.Add(effect.GetType().Name);
            SavesSeen.Add(store.Saves);
            switch (effect)
            {
                case RunWaveTasks run:
                    await report(new WaveStarted(_now, run.Wave, ["x", "y"]));
                    await Task.WhenAll(report(new TaskPassed(_now, run.Wave, "x")), report(new TaskPassed(_now, run.Wave, "y")));
                    break;
                case MergeTaskBranches merge:
                    await report(new TaskBranchesMerged(_now, merge.Wave));
                    break;
                case OpenPullRequest open:
                    await report(new PullRequestOpened(_now, open.Wave, 7, "local:7"));
                    break;
                case PollReview poll:
                    _now += poll.After;
                    await report(new ReviewPending(_now));
                    break;
            }
        }
    }
}
