using System.Text;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Specs;
using Pace.Adapters.Tests.Support;
using Pace.Adapters.Verification;
using Pace.Core.Agents;
using Pace.Core.Config;
using Pace.Core.Ports;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

/// <summary>A wave's passed tasks joining the wave branch through the merge queue, and a conflict's agent session, on real git.</summary>
public sealed class TaskMergesTests : IDisposable
{
    private const string WaveBranch = "feature/duo-wave-1";

    private const string SpecJson = """
        {
          "name": "duo",
          "tasks": [
            { "id": "a", "title": "Add a", "prompt": "a" },
            { "id": "b", "title": "Add b", "prompt": "b" },
            { "id": "c", "title": "Use both", "prompt": "c", "depends_on": ["a", "b"] }
          ]
        }
        """;

    private readonly TempGitRepo _git;
    private readonly Spec _spec;
    private readonly SpecLayout _layout;
    private readonly List<string> _log = [];

    public TaskMergesTests()
    {
        _git = TempGitRepo.CreateAsync().GetAwaiter().GetResult();
        _spec = SpecParser.Parse("spec.json", Encoding.UTF8.GetBytes(SpecJson)).Spec!;
        _layout = new SpecLayout(_git.Root, "", "spec.json", _spec.Name, _spec.Format);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _git.Dispose();

    private TaskMerges Merges(IAgent? agent = null)
    {
        var repository = _git.Repository();
        var context = new WaveContext(
            _layout, _spec, PaceConfig.Default with { Checks = [CheckSpec.Of("true")] }, 2, repository,
            new LocalForge(_layout.PaceFolder, repository, TimeProvider.System), agent ?? new ResolvingAgent(null), null, new CheckRunner(), TimeProvider.System, _git.Environment)
        {
            Log = _log.Add,
        };
        var session = new SpecSession(context.Sessions);
        return new TaskMerges(context, session, new SpecUsageWaits(context));
    }

    /// <summary>The wave branch off main, and each task's branch off it with one commit writing <paramref name="files"/>.</summary>
    private async Task<string> WaveWithTasksAsync(params (string Task, string File, string Content)[] files)
    {
        await _git.GitAsync("branch", WaveBranch);
        foreach (var (task, file, content) in files)
        {
            var branch = _layout.TaskBranch(1, task);
            await _git.GitAsync("branch", branch, WaveBranch);
            var tree = _layout.TaskWorktree(1, task);
            await _git.GitAsync("worktree", "add", "--quiet", tree, branch);
            File.WriteAllText(Path.Combine(tree, file), content);
            await _git.GitInAsync(tree, "add", "--all");
            await _git.GitInAsync(tree, "commit", "--quiet", "-m", $"task {task}");
        }

        return await _git.GitAsync("rev-parse", WaveBranch);
    }

    private static async Task<SpecEvent> MergeAllAsync(TaskMerges merges, params string[] tasks)
    {
        var events = new List<SpecEvent>();
        await merges.MergeAllAsync(new MergeTaskBranches(1, WaveBranch, tasks), e =>
        {
            events.Add(e);
            return Task.CompletedTask;
        }, Token);
        return events.ShouldHaveSingleItem();
    }

    private Task<string> FirstParentsAsync() => _git.GitAsync("log", "--first-parent", "--format=%s|%P", WaveBranch);

    [Fact]
    public async Task Each_task_joins_the_wave_branch_as_a_merge_commit_in_spec_order_and_a_second_call_adds_nothing()
    {
        var start = await WaveWithTasksAsync(("b", "b.txt", "b\n"), ("a", "a.txt", "a\n"));
        using var merges = Merges();

        (await MergeAllAsync(merges, "b", "a")).ShouldBeOfType<TaskBranchesMerged>();
        var history = await FirstParentsAsync();
        await MergeAllAsync(merges, "b", "a");

        var lines = history.Split('\n');
        lines[0].ShouldStartWith("Merge task b into wave 1 of duo|");
        lines[1].ShouldStartWith("Merge task a into wave 1 of duo|");
        // Even the first, which a fast-forward could have brought in, is a merge of the wave and the task.
        lines[1].ShouldBe($"Merge task a into wave 1 of duo|{start} {await _git.GitAsync("rev-parse", _layout.TaskBranch(1, "a"))}");
        lines[2].ShouldStartWith("initial");
        (await FirstParentsAsync()).ShouldBe(history);
        (await _git.GitInAsync(_layout.WaveWorktree(1), "status", "--porcelain")).ShouldBeEmpty();
        (await _git.GitInAsync(_layout.WaveWorktree(1), "symbolic-ref", "HEAD")).ShouldBe("refs/heads/" + WaveBranch);
    }

    [Fact]
    public async Task Early_merges_stop_at_the_first_task_not_passed_and_a_conflict_leaves_the_wave_branch_where_it_was()
    {
        var start = await WaveWithTasksAsync(("a", "same.txt", "from a\n"), ("b", "same.txt", "from b\n"));
        await _git.GitAsync("worktree", "add", "--quiet", _layout.WaveWorktree(1), WaveBranch);
        using var merges = Merges();
        var wave = new WaveRun(1, WaveBranch, _layout.WaveWorktree(1), null, TasksAtHand.Of(SpecState.Create("duo", "spec.json", 2, DateTimeOffset.UnixEpoch)), _ => Task.CompletedTask, ["b"]);

        // b passed, a (listed first) not yet: nothing joins.
        await merges.MergePassedAsync(wave, Token);
        (await _git.GitAsync("rev-parse", WaveBranch)).ShouldBe(start);
        wave.Merged.ShouldBe(0);

        wave.Passed["a"] = true;
        await merges.MergePassedAsync(wave, Token);

        wave.Merged.ShouldBe(1);
        wave.Blocked.ShouldBeTrue();
        var afterA = await _git.GitAsync("rev-parse", WaveBranch);
        (await _git.GitAsync("log", "-1", "--format=%s", WaveBranch)).ShouldBe("Merge task a into wave 1 of duo");
        (await _git.GitInAsync(_layout.WaveWorktree(1), "status", "--porcelain")).ShouldBeEmpty();
        File.ReadAllText(Path.Combine(_layout.WaveWorktree(1), "same.txt")).ShouldBe("from a\n");
        // Blocked: a later call does not try b again; MergeTaskBranches and its conflict session will.
        await merges.MergePassedAsync(wave, Token);
        (await _git.GitAsync("rev-parse", WaveBranch)).ShouldBe(afterA);
    }

    [Fact]
    public async Task A_conflict_gets_an_agent_session_whose_verified_resolution_is_the_merge()
    {
        await WaveWithTasksAsync(("a", "same.txt", "from a\n"), ("b", "same.txt", "from b\n"));
        var agent = new ResolvingAgent("from a\nfrom b\n");
        using var merges = Merges(agent);

        (await MergeAllAsync(merges, "a", "b")).ShouldBeOfType<TaskBranchesMerged>();

        agent.Prompts.ShouldHaveSingleItem().ShouldContain("same.txt");
        (await _git.GitAsync("log", "-1", "--format=%s", WaveBranch)).ShouldBe("Merge task b into wave 1 of duo (conflicts resolved by the agent, verified by Pace)");
        (await _git.GitAsync("show", WaveBranch + ":same.txt")).ShouldBe("from a\nfrom b");
        (await _git.GitAsync("rev-list", "--count", "--merges", WaveBranch)).ShouldBe("2");
    }

    [Fact]
    public async Task A_resolution_that_leaves_markers_fails_the_merge_and_the_wave_branch_stays_where_it_was()
    {
        await WaveWithTasksAsync(("a", "same.txt", "from a\n"), ("b", "same.txt", "from b\n"));
        using var merges = Merges(new ResolvingAgent(null));

        var outcome = await MergeAllAsync(merges, "a", "b");

        outcome.ShouldBeOfType<TaskBranchesConflicted>().Detail.ShouldContain("conflict markers left in same.txt");
        (await _git.GitAsync("log", "-1", "--format=%s", WaveBranch)).ShouldBe("Merge task a into wave 1 of duo");
        (await _git.GitInAsync(_layout.WaveWorktree(1), "status", "--porcelain")).ShouldBeEmpty();
        (await _git.GitAsync("rev-parse", _layout.TaskBranch(1, "b"))).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_wave_worktree_left_detached_and_dirty_by_a_kill_is_put_back_on_its_branch_before_merging()
    {
        var start = await WaveWithTasksAsync(("a", "a.txt", "a\n"));
        var tree = _layout.WaveWorktree(1);
        await _git.GitAsync("worktree", "add", "--quiet", tree, WaveBranch);
        // As a queue killed after checking out its candidate and before moving the branch leaves it.
        await _git.GitInAsync(tree, "checkout", "--quiet", "--detach", _layout.TaskBranch(1, "a"));
        File.WriteAllText(Path.Combine(tree, "half.txt"), "half\n");
        using var merges = Merges();

        (await MergeAllAsync(merges, "a")).ShouldBeOfType<TaskBranchesMerged>();

        (await _git.GitInAsync(tree, "symbolic-ref", "HEAD")).ShouldBe("refs/heads/" + WaveBranch);
        (await _git.GitAsync("rev-parse", WaveBranch + "^1")).ShouldBe(start);
        (await _git.GitInAsync(tree, "status", "--porcelain")).ShouldBeEmpty();
        File.Exists(Path.Combine(tree, "half.txt")).ShouldBeFalse();
    }

    /// <summary>A conflict's agent: writes <paramref name="resolved"/> over every conflicted file, or (null) leaves the markers.</summary>
    private sealed class ResolvingAgent(string? resolved) : IAgent
    {
        public string Name => "resolver";

        public List<string> Prompts { get; } = [];

        public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
        {
            Prompts.Add(request.Prompt);
            var path = Path.Combine(request.WorkingFolder, "same.txt");
            if (resolved is not null)
            {
                File.WriteAllText(path, resolved);
            }

            return Task.FromResult(new AgentResult(AgentExit.Exited, 0, true, null, "done", AgentUsage.None, null, null, [], [], TimeSpan.Zero, request.TranscriptPath));
        }
    }
}
