using Pace.Adapters.Specs;
using Pace.Adapters.Verification;
using Pace.Core.Agents;
using Pace.Core.Config;
using Pace.Core.Loop;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

/// <summary>Usage windows in a spec run: a task's pause of its own slot, and a non-task session waiting one out and running again.</summary>
public sealed class SpecUsageWaitsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(SpecUsageWaits Waits, WaveRepo Repo)> WaitsAsync(List<string> log)
    {
        var repo = await WaveRepo.CreateAsync();
        var config = PaceConfig.Default with { UsagePauses = UsagePausePolicy.Default with { Jitter = TimeSpan.Zero, MaxPause = TimeSpan.FromHours(5) } };
        var context = new WaveContext(repo.Layout, repo.Spec, config, 1, repo.Repository, repo.Forge, new FakeReviewer(), null, new CheckRunner(), TimeProvider.System, repo.Git.Environment)
        {
            Log = log.Add,
        };
        return (new SpecUsageWaits(context), repo);
    }

    [Fact]
    public async Task A_session_that_meets_a_window_waits_it_out_and_runs_again()
    {
        var log = new List<string>();
        var (waits, repo) = await WaitsAsync(log);
        using var _ = repo;
        var calls = new List<DateTimeOffset>();
        var reset = DateTimeOffset.UtcNow.AddMilliseconds(300);

        var outcome = await waits.WaitingOutLimitsAsync("wave 1: the fixes for review 1", () =>
        {
            calls.Add(DateTimeOffset.UtcNow);
            return Task.FromResult(calls.Count == 1
                ? new SessionOutcome(false, [], null, "refs/pace/interrupted/demo/review-1-1/1") { Limit = new UsageLimit("5-hour limit", reset) }
                : SessionOutcome.Clean);
        }, Token);

        outcome.Passed.ShouldBeTrue();
        calls.Count.ShouldBe(2);
        calls[1].ShouldBeGreaterThanOrEqualTo(reset);
        log[0].ShouldContain("wave 1: the fixes for review 1 paused until");
        log[0].ShouldContain("its partial work is kept on refs/pace/interrupted/demo/review-1-1/1");
        log[1].ShouldBe("wave 1: the fixes for review 1: resuming after the 5-hour limit of fake-reviewer");
    }

    [Fact]
    public async Task A_window_longer_than_the_pause_limit_fails_the_session_without_waiting()
    {
        var (waits, repo) = await WaitsAsync([]);
        using var _ = repo;
        var calls = 0;

        var outcome = await waits.WaitingOutLimitsAsync("fixes", () =>
        {
            calls++;
            return Task.FromResult(new SessionOutcome(false, [], null, null) { Limit = new UsageLimit("weekly limit", DateTimeOffset.UtcNow.AddDays(2)) });
        }, Token);

        calls.ShouldBe(1);
        outcome.Passed.ShouldBeFalse();
        outcome.Limit.ShouldBeNull();
        outcome.Reasons.ShouldHaveSingleItem().ShouldContain("longer than usageLimits.maxPauseHours (5 h)");
    }

    [Fact]
    public async Task A_task_pauses_its_slot_with_a_doubling_count_or_fails_when_the_window_is_too_long()
    {
        var log = new List<string>();
        var (waits, repo) = await WaitsAsync(log);
        using var _ = repo;
        var task = repo.Spec.Find("a")!;
        var reset = DateTimeOffset.UtcNow.AddHours(1);

        var paused = waits.TaskPausedBy(1, task, new UsageLimit("5-hour limit", reset), 2, null).ShouldBeOfType<TaskPaused>();
        var failed = waits.TaskPausedBy(1, task, new UsageLimit("weekly limit", DateTimeOffset.UtcNow.AddDays(2)), 0, null).ShouldBeOfType<TaskFailed>();

        paused.Pause.TaskId.ShouldBe("a");
        paused.Pause.Until.ShouldBe(reset);
        paused.Pause.Count.ShouldBe(3);
        paused.Pause.Agent.ShouldBe("fake-reviewer");
        log.ShouldHaveSingleItem().ShouldContain("task a paused until");
        failed.TaskId.ShouldBe("a");
        failed.Reason.ShouldContain("weekly limit lasts until");
    }
}
