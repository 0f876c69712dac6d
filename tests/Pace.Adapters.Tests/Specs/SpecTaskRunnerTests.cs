using Pace.Adapters.Specs;
using Pace.Adapters.Verification;
using Pace.Core.Agents;
using Pace.Core.Config;
using Pace.Core.Git;
using Pace.Core.Ports;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

/// <summary>One task in its worktree, resumed after a kill: a result Pace committed is not run twice; leftovers are kept, not committed.</summary>
public sealed class SpecTaskRunnerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static SpecTaskRunner Runner(WaveRepo repo, IAgent agent)
    {
        var context = new WaveContext(
            repo.Layout, repo.Spec, PaceConfig.Default with { Checks = [CheckSpec.Of("true")] }, 1, repo.Repository, repo.Forge, agent, null, new CheckRunner(), TimeProvider.System, repo.Git.Environment);
        return new SpecTaskRunner(context, new SpecSession(context.Sessions), new SpecUsageWaits(context));
    }

    /// <summary>Task a's branch off the base branch and its worktree, as a killed run left them.</summary>
    private static async Task<(string Base, string Tree)> TaskTreeAsync(WaveRepo repo)
    {
        var baseCommit = await repo.HeadOfAsync(WaveRepo.BaseBranch);
        await repo.Git.GitAsync("branch", repo.Layout.TaskBranch(1, "a"), baseCommit);
        var tree = await repo.WorktreeAsync(repo.Layout.TaskWorktree(1, "a"), repo.Layout.TaskBranch(1, "a"), Token);
        return (baseCommit, tree);
    }

    [Fact]
    public async Task A_task_whose_verified_commit_is_on_its_branch_passes_without_a_second_session()
    {
        using var repo = await WaveRepo.CreateAsync();
        var (baseCommit, tree) = await TaskTreeAsync(repo);
        File.WriteAllText(Path.Combine(tree, "a.txt"), "a\n");
        await repo.Git.GitInAsync(tree, "add", "--all");
        await repo.Git.GitInAsync(tree, "commit", "--quiet", "-m", $"task(demo): a - Add a.txt\n\n{SpecTaskRunner.Trailer("demo", 1, "a")}");
        var agent = new IdleAgent();

        var outcome = await Runner(repo, agent).RunAsync(1, repo.Spec.Find("a")!, baseCommit, null, null, Token);

        outcome.ShouldBeOfType<TaskPassed>().TaskId.ShouldBe("a");
        agent.SawHalfDone.ShouldBeEmpty();
        (await repo.Git.GitAsync("rev-list", "--count", $"{baseCommit}..{repo.Layout.TaskBranch(1, "a")}")).ShouldBe("1");
    }

    [Fact]
    public async Task An_interrupted_sessions_leftovers_are_kept_on_a_ref_and_the_next_session_starts_from_the_base()
    {
        using var repo = await WaveRepo.CreateAsync();
        var (baseCommit, tree) = await TaskTreeAsync(repo);
        File.WriteAllText(Path.Combine(tree, "half.txt"), "half done\n");
        var agent = new IdleAgent();

        var outcome = await Runner(repo, agent).RunAsync(1, repo.Spec.Find("a")!, baseCommit, null, null, Token);

        // The new session did not see the old one's files, and changing nothing it failed, its attempt kept.
        agent.SawHalfDone.ShouldBe([false]);
        outcome.ShouldBeOfType<TaskFailed>().TaskId.ShouldBe("a");
        var kept = await repo.Git.GitAsync("ls-tree", "-r", "--name-only", RefNames.SpecItem(RefNames.Interrupted, "demo", "a") + "/1");
        kept.Split('\n').ShouldContain("half.txt");
        (await repo.Git.GitAsync("rev-parse", repo.Layout.TaskBranch(1, "a"))).ShouldBe(baseCommit);
        (await repo.Git.GitInAsync(tree, "status", "--porcelain")).ShouldBeEmpty();
    }

    /// <summary>An agent that changes nothing and says it is done; it notes whether an earlier session's file was there.</summary>
    private sealed class IdleAgent : IAgent
    {
        public string Name => "idle";

        public List<bool> SawHalfDone { get; } = [];

        public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
        {
            SawHalfDone.Add(File.Exists(Path.Combine(request.WorkingFolder, "half.txt")));
            return Task.FromResult(new AgentResult(AgentExit.Exited, 0, true, null, "done", AgentUsage.None, null, null, [], [], TimeSpan.Zero, request.TranscriptPath));
        }
    }
}
