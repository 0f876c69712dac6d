using Pace.Adapters.Git;
using Pace.Adapters.Tests.Support;
using Pace.Core.Git;

namespace Pace.Adapters.Tests.Git;

/// <summary>Merges, commits and ref moves made without a worktree: what the merge queue builds its candidates with.</summary>
public sealed class GitCliRepositoryTreeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A branch <paramref name="name"/> off the initial commit with one commit writing <paramref name="file"/>; main stays checked out.</summary>
    private static async Task<string> BranchWithFileAsync(TempGitRepo repo, string name, string file, string content)
    {
        await repo.GitAsync("checkout", "--quiet", "-b", name, repo.InitialCommit);
        repo.Write(file, content);
        var commit = await repo.CommitAsync($"{name} work");
        await repo.GitAsync("checkout", "--quiet", "main");
        return commit;
    }

    [Fact]
    public async Task A_tree_merge_of_two_branches_holds_both_sides_and_moves_nothing()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var left = await BranchWithFileAsync(repo, "left", "left.txt", "l\n");
        var right = await BranchWithFileAsync(repo, "right", "right.txt", "r\n");
        var status = await repo.StatusAsync();

        var merged = await repo.Repository().MergeTreeAsync(left, right, Token);

        var tree = merged.ShouldBeOfType<TreeMerge.Clean>().Tree;
        (await repo.GitAsync("ls-tree", "--name-only", tree)).ShouldBe(".gitignore\nREADME.md\nleft.txt\nright.txt");
        (await repo.GitAsync("rev-parse", "left", "right", "main")).ShouldBe($"{left}\n{right}\n{repo.InitialCommit}");
        (await repo.StatusAsync()).ShouldBe(status);
    }

    [Fact]
    public async Task A_tree_merge_that_conflicts_names_the_conflicted_paths()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var left = await BranchWithFileAsync(repo, "left", "README.md", "left\n");
        var right = await BranchWithFileAsync(repo, "right", "README.md", "right\n");

        var merged = await repo.Repository().MergeTreeAsync(left, right, Token);

        merged.ShouldBeOfType<TreeMerge.Conflict>().Paths.ShouldBe(["README.md"]);
    }

    [Fact]
    public async Task A_commit_of_a_tree_has_the_parents_and_message_given_and_a_squash_names_its_source()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var left = await BranchWithFileAsync(repo, "left", "left.txt", "l\n");
        var right = await BranchWithFileAsync(repo, "right", "right.txt", "r\n");
        var repository = repo.Repository();
        var tree = ((TreeMerge.Clean)await repository.MergeTreeAsync(left, right, Token)).Tree;

        var merge = await repository.CommitTreeAsync(tree, [left, right], "Merge right", squashOf: null, Token);
        var squash = await repository.CommitTreeAsync(tree, [left], "Squash right", squashOf: right, Token);

        (await repo.GitAsync("log", "-1", "--format=%P%n%B", merge)).ShouldBe($"{left} {right}\nMerge right");
        (await repo.GitAsync("log", "-1", "--format=%P%n%B", squash)).ShouldBe($"{left}\nSquash right\n\n{GitCliRepository.SquashTrailer}: {right}");
        (await repository.FindSquashAsync("right", squash, Token)).ShouldBe(squash);
        (await repository.FindSquashAsync(right, merge, Token)).ShouldBeNull();
        (await repo.GitAsync("rev-parse", "main")).ShouldBe(repo.InitialCommit);
    }

    [Fact]
    public async Task The_commit_that_brought_a_source_in_is_the_merge_or_the_source_itself_when_fast_forwarded()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var merged = await BranchWithFileAsync(repo, "merged", "m.txt", "m\n");
        var forwarded = await BranchWithFileAsync(repo, "forwarded", "f.txt", "f\n");
        var outside = await BranchWithFileAsync(repo, "outside", "o.txt", "o\n");
        await repo.GitAsync("merge", "--quiet", "--ff-only", "forwarded");
        repo.Write("later.txt", "later\n");
        await repo.CommitAsync("later");
        await repo.GitAsync("merge", "--quiet", "--no-ff", "-m", "Merge merged", "merged");
        var merge = await repo.GitAsync("rev-parse", "HEAD");
        repo.Write("last.txt", "last\n");
        var head = await repo.CommitAsync("last");
        var repository = repo.Repository();

        (await repository.FindMergeAsync(merged, head, Token)).ShouldBe(merge);
        (await repository.FindMergeAsync(forwarded, head, Token)).ShouldBe(forwarded);
        (await repository.FindMergeAsync(head, head, Token)).ShouldBe(head);
        (await repository.FindMergeAsync(outside, head, Token)).ShouldBeNull();
    }

    [Fact]
    public async Task A_compare_and_swap_moves_a_branch_only_from_the_commit_expected()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var other = await BranchWithFileAsync(repo, "other", "o.txt", "o\n");
        await repo.GitAsync("branch", "target", repo.InitialCommit);
        var repository = repo.Repository();

        var stale = await repository.CompareAndSwapRefAsync("refs/heads/target", other, expected: other, Token);
        var moved = await repository.CompareAndSwapRefAsync("refs/heads/target", other, expected: repo.InitialCommit, Token);
        var again = await repository.CompareAndSwapRefAsync("refs/heads/target", other, expected: repo.InitialCommit, Token);

        stale.ShouldBeFalse();
        moved.ShouldBeTrue();
        again.ShouldBeTrue();
        (await repo.GitAsync("rev-parse", "target")).ShouldBe(other);
    }
}
