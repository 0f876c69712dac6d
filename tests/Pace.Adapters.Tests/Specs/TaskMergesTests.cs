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

/// <summary>A wave's passed tasks joining the wave branch through the merge queue, checked on the merged tree, on real git.</summary>
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

    /// <param name="check">The project's one check (pace.json's checks), run on a merged tree the wave branch had moved under.</param>
    private TaskMerges Merges(string check = "true")
    {
        var repository = _git.Repository();
        var context = new WaveContext(
            _layout, _spec, PaceConfig.Default with { Checks = [CheckSpec.Of(check)] }, 2, repository,
            new LocalForge(_layout.PaceFolder, repository, TimeProvider.System), new NoAgent(), null, new CheckRunner(), TimeProvider.System, _git.Environment)
        {
            Log = _log.Add,
        };
        return new TaskMerges(context, new SpecSession(context.Sessions), new WaveStart(context));
    }

    /// <summary>The wave's baseline as WaveStart keeps it when the wave starts (no tests counted): the merges read it, never measure it.</summary>
    private void NoBaseline()
    {
        Directory.CreateDirectory(Path.Combine(_layout.DataFolder, "wave-1"));
        File.WriteAllText(Path.Combine(_layout.DataFolder, "wave-1", "baseline.txt"), "none\n");
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
        // Blocked: a later call does not try b again; MergeTaskBranches will, and reports the refusal.
        await merges.MergePassedAsync(wave, Token);
        (await _git.GitAsync("rev-parse", WaveBranch)).ShouldBe(afterA);
    }

    [Fact]
    public async Task A_conflict_is_refused_the_wave_branch_stays_where_it_was_and_the_result_is_kept_once_on_a_ref()
    {
        await WaveWithTasksAsync(("a", "same.txt", "from a\n"), ("b", "same.txt", "from b\n"));
        var b = await _git.GitAsync("rev-parse", _layout.TaskBranch(1, "b"));
        using var merges = Merges();

        var refused = (await MergeAllAsync(merges, "a", "b")).ShouldBeOfType<TaskMergeRefused>();
        var afterA = await _git.GitAsync("rev-parse", WaveBranch);
        // Tried again (as after a kill before the refusal was saved): the same refusal, the result kept on the same ref.
        var again = (await MergeAllAsync(merges, "a", "b")).ShouldBeOfType<TaskMergeRefused>();

        refused.TaskId.ShouldBe("b");
        refused.Reason.ShouldBe("it conflicts with the wave's other tasks in same.txt");
        refused.KeptRef.ShouldBe("refs/pace/spec-kept/duo/b/1");
        again.ShouldBe(refused with { At = again.At });
        (await _git.GitAsync("rev-parse", refused.KeptRef)).ShouldBe(b);
        (await _git.GitAsync("for-each-ref", "--format=%(refname)", "refs/pace/spec-kept/")).ShouldBe("refs/pace/spec-kept/duo/b/1");
        (await _git.GitAsync("log", "-1", "--format=%s", WaveBranch)).ShouldBe("Merge task a into wave 1 of duo");
        (await _git.GitAsync("rev-parse", WaveBranch)).ShouldBe(afterA);
        (await _git.GitInAsync(_layout.WaveWorktree(1), "status", "--porcelain")).ShouldBeEmpty();
        _log.ShouldContain("wave 1: the wave branch refused task b's result: it conflicts with the wave's other tasks in same.txt; it is kept on refs/pace/spec-kept/duo/b/1");
    }

    [Fact]
    public async Task Two_tasks_that_pass_alone_and_break_together_are_refused_by_the_checks_on_the_merged_tree()
    {
        // The project's check fails only where both files are: each task's own tree passes it.
        const string check = "test ! -f a.txt || test ! -f b.txt";
        await WaveWithTasksAsync(("a", "a.txt", "a\n"), ("b", "b.txt", "b\n"));
        NoBaseline();
        using var merges = Merges(check);

        var refused = (await MergeAllAsync(merges, "a", "b")).ShouldBeOfType<TaskMergeRefused>();

        refused.TaskId.ShouldBe("b");
        refused.Reason.ShouldBe($"with the wave's other tasks merged, check '{check}' failed with exit code 1");
        (await _git.GitAsync("log", "-1", "--format=%s", WaveBranch)).ShouldBe("Merge task a into wave 1 of duo");
        (await _git.GitAsync("ls-tree", "--name-only", WaveBranch)).Split('\n').ShouldNotContain("b.txt");
        (await _git.GitAsync("rev-parse", refused.KeptRef)).ShouldBe(await _git.GitAsync("rev-parse", _layout.TaskBranch(1, "b")));
        // The checks ran on the merged tree, and their output is kept with the task's session.
        Directory.Exists(Path.Combine(_layout.SessionFolder(1, "b"), "integrated")).ShouldBeTrue();
        Directory.Exists(Path.Combine(_layout.SessionFolder(1, "a"), "integrated")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_refusal_met_during_the_wave_is_reported_at_its_end_without_running_the_checks_again()
    {
        // The check counts its runs in a file outside the repository.
        var runs = Path.Combine(Path.GetTempPath(), $"pace-runs-{Guid.NewGuid():N}");
        var check = $"echo run >> '{runs}'; test ! -f a.txt || test ! -f b.txt";
        await WaveWithTasksAsync(("a", "a.txt", "a\n"), ("b", "b.txt", "b\n"));
        await _git.GitAsync("worktree", "add", "--quiet", _layout.WaveWorktree(1), WaveBranch);
        NoBaseline();
        using var merges = Merges(check);
        var wave = new WaveRun(1, WaveBranch, _layout.WaveWorktree(1), null, TasksAtHand.Of(SpecState.Create("duo", "spec.json", 2, DateTimeOffset.UnixEpoch)), _ => Task.CompletedTask, ["a", "b"]);
        try
        {
            await merges.MergePassedAsync(wave, Token);
            wave.Blocked.ShouldBeTrue();
            File.ReadAllLines(runs).Length.ShouldBe(1);

            var refused = (await MergeAllAsync(merges, "a", "b")).ShouldBeOfType<TaskMergeRefused>();

            refused.TaskId.ShouldBe("b");
            File.ReadAllLines(runs).Length.ShouldBe(1);
        }
        finally
        {
            File.Delete(runs);
        }
    }

    [Fact]
    public async Task A_task_whose_base_is_the_wave_branch_as_it_is_joins_without_checks_its_session_ran_already()
    {
        // A check that fails everywhere: had it run on a's merge, a would be refused.
        await WaveWithTasksAsync(("a", "a.txt", "a\n"));
        NoBaseline();
        using var merges = Merges("false");

        (await MergeAllAsync(merges, "a")).ShouldBeOfType<TaskBranchesMerged>();

        (await _git.GitAsync("log", "-1", "--format=%s", WaveBranch)).ShouldBe("Merge task a into wave 1 of duo");
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

    /// <summary>No agent runs in a merge: one that is asked fails the test.</summary>
    private sealed class NoAgent : IAgent
    {
        public string Name => "none";

        public Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a merge ran an agent");
    }
}
