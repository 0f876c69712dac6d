using Pace.Adapters.Git;
using Pace.Core.Integration;

namespace Pace.Adapters.Tests.Integration;

public sealed class MergeQueueTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_result_made_on_the_branch_as_it_is_is_fast_forwarded_once_its_checks_pass()
    {
        using var queue = await QueueRepo.CreateAsync();
        var source = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var checkedTrees = 0;

        var outcome = await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", source, checks: (_, _) =>
        {
            checkedTrees++;
            return QueueRepo.Green("", Token);
        }), Token);

        outcome.ShouldBe(new IntegrationOutcome.Integrated(source, FastForward: true));
        checkedTrees.ShouldBe(1);
        (await queue.TipAsync()).ShouldBe(source);
        queue.Read("f1.txt").ShouldBe("one\n");
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }

    [Fact]
    public async Task Diverged_results_are_joined_by_a_merge_commit_with_the_message_and_the_checks_see_both_sides()
    {
        using var queue = await QueueRepo.CreateAsync();
        var first = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var second = await queue.ResultAsync("f2", "f2.txt", "two\n");
        await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", first), Token);
        var seen = new List<string>();

        var outcome = await queue.Queue.IntegrateAsync(QueueRepo.Item("F2", second, checks: (worktree, _) =>
        {
            seen.AddRange(Directory.GetFiles(worktree, "f*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);
            return QueueRepo.Green(worktree, Token);
        }), Token);

        var merge = outcome.ShouldBeOfType<IntegrationOutcome.Integrated>();
        merge.FastForward.ShouldBeFalse();
        seen.ShouldBe(["f1.txt", "f2.txt"]);
        (await queue.TipAsync()).ShouldBe(merge.Commit);
        (await queue.Repo.GitAsync("log", "-1", "--format=%P%n%B", merge.Commit)).ShouldBe($"{first} {second}\nfeat: F2");
        (queue.Read("f1.txt"), queue.Read("f2.txt")).ShouldBe(("one\n", "two\n"));
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }

    [Fact]
    public async Task A_conflicting_result_leaves_the_branch_and_its_worktree_as_they_were_and_is_kept_on_its_ref()
    {
        using var queue = await QueueRepo.CreateAsync();
        var first = await queue.ResultAsync("f1", "README.md", "first\n");
        var second = await queue.ResultAsync("f2", "README.md", "second\n");
        await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", first), Token);
        var checkedTrees = 0;

        var outcome = await queue.Queue.IntegrateAsync(QueueRepo.Item("F2", second, checks: (worktree, _) =>
        {
            checkedTrees++;
            return QueueRepo.Green(worktree, Token);
        }), Token);

        var conflict = outcome.ShouldBeOfType<IntegrationOutcome.Conflicted>();
        conflict.Paths.ShouldBe(["README.md"]);
        conflict.KeptRef.ShouldBe("refs/pace/kept/F2");
        checkedTrees.ShouldBe(0);
        (await queue.TipAsync()).ShouldBe(first);
        (await queue.Repo.GitAsync("rev-parse", "refs/pace/kept/F2")).ShouldBe(second);
        queue.Read("README.md").ShouldBe("first\n");
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }

    [Fact]
    public async Task A_result_whose_integrated_tree_fails_the_checks_never_reaches_the_branch_and_is_kept_on_its_ref()
    {
        using var queue = await QueueRepo.CreateAsync();
        var first = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var second = await queue.ResultAsync("f2", "f2.txt", "two\n");
        await queue.Queue.IntegrateAsync(QueueRepo.Item("F1", first), Token);

        var outcome = await queue.Queue.IntegrateAsync(QueueRepo.Item("F2", second, checks: (worktree, _) =>
        {
            File.WriteAllText(Path.Combine(worktree, "test-output.txt"), "1 failed\n");
            return Task.FromResult<IReadOnlyList<string>>(["tests: 1 failed"]);
        }), Token);

        var red = outcome.ShouldBeOfType<IntegrationOutcome.Red>();
        red.Reasons.ShouldBe(["tests: 1 failed"]);
        red.KeptRef.ShouldBe("refs/pace/kept/F2");
        (await queue.TipAsync()).ShouldBe(first);
        (await queue.Repo.GitAsync("rev-parse", "refs/pace/kept/F2")).ShouldBe(second);
        queue.Exists("f2.txt").ShouldBeFalse();
        queue.Exists("test-output.txt").ShouldBeFalse();
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }

    [Fact]
    public async Task A_squash_is_one_commit_on_the_branch_with_the_edits_made_before_it_and_the_trailer_naming_the_result()
    {
        using var queue = await QueueRepo.CreateAsync();
        var before = await queue.TipAsync();
        await queue.ResultAsync("f1", "f1.txt", "one\n");
        await queue.Repo.GitAsync("checkout", "--quiet", "f1");
        queue.Repo.Write("f1-more.txt", "more\n");
        var source = await queue.Repo.CommitAsync("f1 more work");
        await queue.Repo.GitAsync("checkout", "--quiet", "main");
        var progressChecked = false;
        var item = QueueRepo.Item("F1", source, IntegrationStyle.Squash, checks: (worktree, _) =>
        {
            progressChecked = File.Exists(Path.Combine(worktree, "progress.txt"));
            return QueueRepo.Green(worktree, Token);
        }) with
        {
            BeforeCommit = (worktree, _) => File.WriteAllTextAsync(Path.Combine(worktree, "progress.txt"), "F1 passed\n", Token),
        };

        var outcome = await queue.Queue.IntegrateAsync(item, Token);

        var squash = outcome.ShouldBeOfType<IntegrationOutcome.Integrated>();
        squash.FastForward.ShouldBeFalse();
        progressChecked.ShouldBeTrue();
        (await queue.TipAsync()).ShouldBe(squash.Commit);
        (await queue.Repo.GitAsync("log", "-1", "--format=%P%n%B", squash.Commit)).ShouldBe($"{before}\nfeat: F1\n\n{GitCliRepository.SquashTrailer}: {source}");
        (await queue.Repo.GitAsync("ls-tree", "--name-only", squash.Commit)).ShouldBe(".gitignore\nREADME.md\nf1-more.txt\nf1.txt\nprogress.txt");
        (await queue.WorktreeStateAsync()).ShouldBe(("", QueueRepo.Branch));
    }

    [Fact]
    public async Task Edits_before_the_commit_are_refused_for_a_merge()
    {
        using var queue = await QueueRepo.CreateAsync();
        var source = await queue.ResultAsync("f1", "f1.txt", "one\n");
        var item = QueueRepo.Item("F1", source) with { BeforeCommit = (_, _) => Task.CompletedTask };

        await Should.ThrowAsync<ArgumentException>(() => queue.Queue.IntegrateAsync(item, Token));

        (await queue.TipAsync()).ShouldBe(queue.Repo.InitialCommit);
    }
}
