using Pace.Adapters.Specs;
using Pace.Adapters.Verification;
using Pace.Core.Config;
using Pace.Core.Diagnostics;
using Pace.Core.Git;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

/// <summary>A wave made ready for its tasks on real git: its branches, its worktree, its baseline measured once; a retry retiring the old branches.</summary>
public sealed class WaveStartTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static WaveStart Start(WaveRepo repo, string check) =>
        new(new WaveContext(
            repo.Layout, repo.Spec, PaceConfig.Default with { Checks = [CheckSpec.Of(check)] }, 1, repo.Repository, repo.Forge, new FakeReviewer(), null, new CheckRunner(), repo.Clock, repo.Git.Environment)
        {
            Checkpoint = repo.Checkpoints.Add,
        });

    private static async Task<(PreparedWave Wave, List<SpecEvent> Events)> PrepareAsync(WaveStart start, RunWaveTasks run)
    {
        var events = new List<SpecEvent>();
        var wave = await start.PrepareAsync(run, e =>
        {
            events.Add(e);
            return Task.CompletedTask;
        }, Token);
        return (wave, events);
    }

    [Fact]
    public async Task The_second_wave_gets_its_branch_from_the_base_its_worktree_and_a_baseline_measured_once()
    {
        using var repo = await WaveRepo.CreateAsync();
        // The check counts its runs in a file outside the repository: the baseline must be measured once.
        var runs = Path.Combine(repo.Git.Folder, "runs.txt");
        var start = Start(repo, $"echo run >> '{runs}'; echo '3 passed, 1 failed in 0.10s'");
        var run = new RunWaveTasks(2, "feature/demo-wave-2", WaveRepo.BaseBranch, "main", Fresh: false);

        var (wave, events) = await PrepareAsync(start, run);
        var again = await start.BaselineAsync(2, wave.Tree, Token);

        events.ShouldHaveSingleItem().ShouldBeOfType<WaveStarted>().TaskIds.ShouldBe(["b"]);
        wave.BaseCommit.ShouldBe(await repo.HeadOfAsync(WaveRepo.BaseBranch));
        (await repo.HeadOfAsync("feature/demo-wave-2")).ShouldBe(wave.BaseCommit);
        (await repo.Git.GitInAsync(wave.Tree, "symbolic-ref", "--short", "HEAD")).ShouldBe("feature/demo-wave-2");
        wave.Baseline.ShouldBe(new TestTotals(3, 1, 0));
        again.ShouldBe(wave.Baseline);
        File.ReadAllLines(runs).Length.ShouldBe(1);
        repo.Checkpoints.ShouldBe(["base-branch-ready:2", "wave-branch-ready:2", "wave-worktree-ready:2", "baseline-measured:2"]);
    }

    [Fact]
    public async Task A_retry_keeps_the_waves_branches_on_retired_refs_and_starts_the_wave_again_from_the_base()
    {
        using var repo = await WaveRepo.CreateAsync();
        var start = Start(repo, "true");
        var oldWave = await repo.HeadOfAsync(WaveRepo.WaveBranch);
        await repo.Git.GitAsync("branch", repo.Layout.TaskBranch(1, "a"), oldWave);

        var (wave, _) = await PrepareAsync(start, new RunWaveTasks(1, WaveRepo.WaveBranch, WaveRepo.BaseBranch, "main", Fresh: true));

        var retired = RefNames.Retired("demo", 1) + "/1";
        (await repo.Git.GitAsync("rev-parse", $"{retired}/{RefNames.Safe(WaveRepo.WaveBranch)}")).ShouldBe(oldWave);
        (await repo.Git.GitAsync("rev-parse", $"{retired}/{RefNames.Safe(repo.Layout.TaskBranch(1, "a"))}")).ShouldBe(oldWave);
        (await repo.Repository.BranchExistsAsync(repo.Layout.TaskBranch(1, "a"), Token)).ShouldBeFalse();
        (await repo.HeadOfAsync(WaveRepo.WaveBranch)).ShouldBe(wave.BaseCommit);
        File.Exists(Path.Combine(wave.Tree, "a.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_target_branch_that_does_not_exist_is_refused_before_any_branch_is_made()
    {
        using var repo = await WaveRepo.CreateAsync();

        var refused = await Should.ThrowAsync<InputException>(() => PrepareAsync(Start(repo, "true"), new RunWaveTasks(2, "feature/demo-wave-2", WaveRepo.BaseBranch, "trunk", Fresh: false)));

        refused.Message.ShouldContain("the spec's target branch trunk does not exist");
        (await repo.Repository.BranchExistsAsync("feature/demo-wave-2", Token)).ShouldBeFalse();
    }
}
