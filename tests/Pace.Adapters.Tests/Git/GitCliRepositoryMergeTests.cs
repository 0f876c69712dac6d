using Pace.Adapters.Git;
using Pace.Adapters.Tests.Support;
using Pace.Core.Git;

namespace Pace.Adapters.Tests.Git;

public sealed class GitCliRepositoryMergeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>main and task both change README.md (a conflict); task also adds task.txt.</summary>
    private static async Task MakeConflictAsync(TempGitRepo repo)
    {
        await repo.GitAsync("checkout", "--quiet", "-b", "task");
        repo.Write("README.md", "task\n");
        repo.Write("task.txt", "t\n");
        await repo.CommitAsync("task work");
        await repo.GitAsync("checkout", "--quiet", "main");
        repo.Write("README.md", "main\n");
        await repo.CommitAsync("main work");
    }

    [Fact]
    public async Task A_squash_merge_applied_twice_makes_one_commit()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("wave-1", "main", Token);
        await repository.CreateBranchAsync("base", "main", Token);
        await repo.GitAsync("checkout", "--quiet", "wave-1");
        repo.Write("a.txt", "a\n");
        await repo.CommitAsync("task a");
        repo.Write("b.txt", "b\n");
        var waveHead = await repo.CommitAsync("task b");
        await repo.GitAsync("checkout", "--quiet", "main");

        var first = await repository.SquashMergeAsync("wave-1", "base", "Wave 1", Token);
        var second = await repository.SquashMergeAsync("wave-1", "base", "Wave 1", Token);

        var commit = first.ShouldBeOfType<MergeOutcome.Merged>().Commit;
        second.ShouldBe(first);
        (await repo.GitAsync("rev-parse", "base")).ShouldBe(commit);
        (await repo.GitAsync("rev-list", "--count", $"{repo.InitialCommit}..base")).ShouldBe("1");
        (await repo.GitAsync("log", "-1", "--format=%B", "base")).ShouldBe($"Wave 1\n\n{GitCliRepository.SquashTrailer}: {waveHead}");
        (await repo.GitAsync("ls-tree", "--name-only", "base")).ShouldBe(".gitignore\nREADME.md\na.txt\nb.txt");
        (await repo.GitAsync("status", "--porcelain")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_squash_merge_into_a_checked_out_branch_moves_its_files_too()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("wave-1", "main", Token);
        await repo.GitAsync("checkout", "--quiet", "wave-1");
        repo.Write("a.txt", "a\n");
        await repo.CommitAsync("task a");
        await repo.GitAsync("checkout", "--quiet", "main");

        var outcome = await repository.SquashMergeAsync("wave-1", "main", "Wave 1", Token);

        (await repo.GitAsync("rev-parse", "HEAD")).ShouldBe(outcome.ShouldBeOfType<MergeOutcome.Merged>().Commit);
        repo.Read("a.txt").ShouldBe("a\n");
        (await repo.GitAsync("status", "--porcelain")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_squash_merge_with_conflicts_reports_them_and_changes_nothing()
    {
        using var repo = await TempGitRepo.CreateAsync();
        await MakeConflictAsync(repo);
        var head = await repo.GitAsync("rev-parse", "HEAD");

        var outcome = await repo.Repository().SquashMergeAsync("task", "main", "Squash", Token);

        outcome.ShouldBeOfType<MergeOutcome.Conflict>().Paths.ShouldBe(["README.md"]);
        (await repo.GitAsync("rev-parse", "main")).ShouldBe(head);
        (await repo.GitAsync("status", "--porcelain")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_squash_merge_of_a_branch_already_contained_is_already_up_to_date()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("old", "main", Token);
        await repo.CommitAsync("later");

        (await repository.SquashMergeAsync("old", "main", "Squash", Token)).ShouldBeOfType<MergeOutcome.AlreadyUpToDate>();
    }
}
