using Pace.Core.Integration;

namespace Pace.Adapters.Tests.Integration;

/// <summary>The merge queue after a crash, when called twice, and with several callers at once.</summary>
public sealed class MergeQueueRecoveryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(IntegrationStyle.Merge)]
    [InlineData(IntegrationStyle.Squash)]
    public async Task Integrating_the_same_result_again_says_already_integrated_and_adds_no_second_commit(IntegrationStyle style)
    {
        using var queue = await QueueRepo.CreateAsync();
        var first = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var second = await queue.ResultAsync("f2", "f2.txt", "two\n");
        await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", first, style), Token);
        var integrated = (IntegrationOutcome.Integrated)await queue.Queue.IntegrateAsync(QueueRepo.Item("F2", second, style), Token);
        var checkedAgain = false;

        var again = await queue.Queue.IntegrateAsync(QueueRepo.Item("F2", second, style, (worktree, _) =>
        {
            checkedAgain = true;
            return QueueRepo.Green(worktree, Token);
        }), Token);

        again.ShouldBe(new IntegrationOutcome.AlreadyIntegrated(integrated.Commit));
        checkedAgain.ShouldBeFalse();
        (await queue.TipAsync()).ShouldBe(integrated.Commit);
        (await queue.Repo.GitAsync("rev-list", "--count", "--first-parent", $"{queue.Repo.InitialCommit}..{QueueRepo.Branch}")).ShouldBe("2");
    }

    [Fact]
    public async Task A_worktree_left_detached_and_dirty_by_a_kill_is_put_right_by_the_next_call()
    {
        using var queue = await QueueRepo.CreateAsync();
        var stray = await queue.ResultAsync("stray", "stray.txt", "half-merged\n");
        var source = await queue.ResultAsync("f1", "f1.txt", "one\n");
        await queue.GitAsync("checkout", "--quiet", "--detach", stray);
        File.WriteAllText(Path.Combine(queue.Worktree, "README.md"), "half-written\n");
        File.WriteAllText(Path.Combine(queue.Worktree, "progress.txt"), "half-written\n");
        await queue.GitAsync("add", "progress.txt");
        var seen = "";

        var outcome = await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", source, checks: (worktree, _) =>
        {
            seen = string.Join(",", Directory.GetFiles(worktree).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            return QueueRepo.Green(worktree, Token);
        }), Token);

        outcome.ShouldBe(new IntegrationOutcome.Integrated(source, FastForward: true));
        seen.ShouldBe(".git,.gitignore,README.md,f1.txt");
        queue.Read("README.md").ShouldBe("hello\n");
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }

    [Fact]
    public async Task A_call_that_dies_in_the_checks_leaves_the_branch_where_it_was_and_the_next_call_integrates_once()
    {
        using var queue = await QueueRepo.CreateAsync();
        var first = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var second = await queue.ResultAsync("f2", "f2.txt", "two\n");
        await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", first, IntegrationStyle.Squash), Token);
        var before = await queue.TipAsync();
        var dying = QueueRepo.Item("F2", second, IntegrationStyle.Squash, (_, _) => throw new OperationCanceledException("killed")) with
        {
            BeforeCommit = (worktree, _) => File.WriteAllTextAsync(Path.Combine(worktree, "progress.txt"), "F2 passed\n", Token),
        };

        await Should.ThrowAsync<OperationCanceledException>(() => queue.Queue.IntegrateAsync(dying, Token));
        (await queue.TipAsync()).ShouldBe(before);
        var outcome = await queue.Queue.IntegrateAsync(dying with { Checks = QueueRepo.Green }, Token);

        var integrated = outcome.ShouldBeOfType<IntegrationOutcome.Integrated>();
        (await queue.Repo.GitAsync("rev-list", "--parents", "-n1", integrated.Commit)).ShouldBe($"{integrated.Commit} {before}");
        (queue.Read("f2.txt"), queue.Read("progress.txt")).ShouldBe(("two\n", "F2 passed\n"));
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }

    [Fact]
    public async Task Two_callers_at_once_are_integrated_one_after_the_other_and_both_end_up_on_the_branch()
    {
        using var queue = await QueueRepo.CreateAsync();
        var first = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var second = await queue.ResultAsync("f2", "f2.txt", "two\n");
        var firstInChecks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondInChecks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstTreeKept = false;
        var secondSawFirst = false;

        var firstCall = queue.Queue.IntegrateAsync(QueueRepo.Item("F1", first, IntegrationStyle.Squash, async (worktree, _) =>
        {
            firstInChecks.SetResult();
            await release.Task;
            firstTreeKept = File.Exists(Path.Combine(worktree, "f1.txt")) && !File.Exists(Path.Combine(worktree, "f2.txt"));
            return [];
        }), Token);
        await firstInChecks.Task;
        var secondCall = queue.Queue.IntegrateAsync(QueueRepo.Item("F2", second, IntegrationStyle.Squash, (worktree, _) =>
        {
            secondInChecks.TrySetResult();
            secondSawFirst = File.Exists(Path.Combine(worktree, "f1.txt"));
            return QueueRepo.Green(worktree, Token);
        }), Token);
        // Not a wait for something to happen: the time a queue that let F2 in would need to reach F2's checks (a dozen git commands).
        await Task.WhenAny(secondInChecks.Task, Task.Delay(TimeSpan.FromSeconds(1), Token));
        var secondWaited = !secondInChecks.Task.IsCompleted && !secondCall.IsCompleted;
        release.SetResult();
        var outcomes = await Task.WhenAll(firstCall, secondCall);

        secondWaited.ShouldBeTrue();
        firstTreeKept.ShouldBeTrue();
        secondSawFirst.ShouldBeTrue();
        outcomes.ShouldAllBe(o => o is IntegrationOutcome.Integrated);
        (await queue.Repo.GitAsync("log", "--format=%s", $"{queue.Repo.InitialCommit}..{QueueRepo.Branch}")).ShouldBe("feat: F2\nfeat: F1");
        (await queue.Repo.GitAsync("rev-list", "--merges", QueueRepo.Branch)).ShouldBeEmpty();
        (queue.Read("f1.txt"), queue.Read("f2.txt")).ShouldBe(("one\n", "two\n"));
    }

    [Fact]
    public async Task A_branch_moved_by_someone_else_during_the_checks_is_not_overwritten()
    {
        using var queue = await QueueRepo.CreateAsync();
        var other = await queue.ResultAsync("other", "other.txt", "other\n");
        var source = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var attempts = 0;

        var outcome = await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", source, checks: async (worktree, _) =>
        {
            if (++attempts == 1)
            {
                await queue.Repo.GitAsync("update-ref", $"refs/heads/{QueueRepo.Branch}", other);
            }

            return [];
        }), Token);

        var merge = outcome.ShouldBeOfType<IntegrationOutcome.Integrated>();
        attempts.ShouldBe(2);
        (await queue.Repo.GitAsync("rev-list", "--parents", "-n1", QueueRepo.Branch)).ShouldBe($"{merge.Commit} {other} {source}");
        (queue.Read("other.txt"), queue.Read("f1.txt")).ShouldBe(("other\n", "one\n"));
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }
}
