using Pace.Adapters.Git;
using Pace.Adapters.Tests.Support;
using Pace.Core.Git;

namespace Pace.Adapters.Tests.Git;

public sealed class GitCliRepositoryBranchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task I_can_create_a_branch_once_and_creating_it_again_leaves_it_where_it_is()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        var next = await repo.CommitAsync("next");

        (await repository.BranchExistsAsync("feature/x", Token)).ShouldBeFalse();
        (await repository.CreateBranchAsync("feature/x", repo.InitialCommit, Token)).ShouldBeTrue();
        (await repository.CreateBranchAsync("feature/x", next, Token)).ShouldBeFalse();

        (await repository.BranchExistsAsync("feature/x", Token)).ShouldBeTrue();
        (await repository.ResolveAsync("feature/x", Token)).ShouldBe(repo.InitialCommit);
    }

    [Fact]
    public async Task Creating_a_branch_from_nothing_or_with_a_bad_name_fails_clearly()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();

        (await Should.ThrowAsync<GitException>(() => repository.CreateBranchAsync("x", "no-such-branch", Token))).Message.ShouldContain("no-such-branch");
        (await Should.ThrowAsync<GitException>(() => repository.CreateBranchAsync("bad..name", "main", Token))).Command.ShouldContain("check-ref-format");
    }

    [Fact]
    public async Task I_can_delete_a_branch_and_deleting_it_again_is_fine()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repo.GitAsync("branch", "old");

        (await repository.DeleteBranchAsync("old", Token)).ShouldBeTrue();
        (await repository.DeleteBranchAsync("old", Token)).ShouldBeFalse();
        (await repository.BranchExistsAsync("old", Token)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("main")]
    [InlineData("master")]
    [InlineData("current")]
    public async Task Deleting_main_master_or_the_current_branch_is_refused(string branch)
    {
        using var repo = await TempGitRepo.CreateAsync();
        await repo.GitAsync("branch", "master");
        await repo.GitAsync("checkout", "--quiet", "-b", "current");
        if (branch == "main")
        {
            await repo.GitAsync("checkout", "--quiet", "master");
        }

        var error = await Should.ThrowAsync<ProtectedBranchException>(() => repo.Repository().DeleteBranchAsync(branch, Token));

        error.Branch.ShouldBe(branch);
        error.Message.ShouldContain($"refusing to delete branch '{branch}'");
        (await repo.GitAsync("rev-parse", "--verify", $"refs/heads/{branch}")).ShouldBe(repo.InitialCommit);
    }

    [Fact]
    public async Task Deleting_a_branch_checked_out_in_another_worktree_is_refused_and_so_is_deleting_its_ref()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        await repository.AddWorktreeAsync(Path.Combine(repo.Folder, "wt-1"), "task-1", Token);

        (await Should.ThrowAsync<ProtectedBranchException>(() => repository.DeleteBranchAsync("task-1", Token))).Message.ShouldContain("wt-1");
        await Should.ThrowAsync<ProtectedBranchException>(() => repository.DeleteRefAsync("refs/heads/main", Token));
        (await repository.BranchExistsAsync("task-1", Token)).ShouldBeTrue();
    }

    [Fact]
    public async Task I_can_delete_a_branch_whose_worktree_folder_was_deleted()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");
        await repository.AddWorktreeAsync(path, "task-1", Token);
        Directory.Delete(path, recursive: true);

        (await repository.DeleteBranchAsync("task-1", Token)).ShouldBeTrue();

        (await repository.BranchExistsAsync("task-1", Token)).ShouldBeFalse();
        (await repository.ListWorktreesAsync(Token)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task I_can_tell_whether_one_commit_is_an_ancestor_of_another()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var next = await repo.CommitAsync("next");
        var repository = repo.Repository();

        (await repository.IsAncestorAsync(repo.InitialCommit, next, Token)).ShouldBeTrue();
        (await repository.IsAncestorAsync(next, repo.InitialCommit, Token)).ShouldBeFalse();
        await Should.ThrowAsync<GitException>(() => repository.IsAncestorAsync("nothing-here", next, Token));
    }

    [Fact]
    public async Task I_can_resolve_update_list_and_delete_refs_under_a_prefix()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var next = await repo.CommitAsync("next");
        var repository = repo.Repository();

        (await repository.ResolveAsync("refs/pace/attempts/F1/1", Token)).ShouldBeNull();
        await repository.UpdateRefAsync("refs/pace/attempts/F1/1", repo.InitialCommit, Token);
        await repository.UpdateRefAsync("refs/pace/attempts/F1/2", "main", Token);
        await repository.UpdateRefAsync("refs/pace/attempts/F10/1", "main", Token);

        (await repository.ResolveAsync("refs/pace/attempts/F1/1", Token)).ShouldBe(repo.InitialCommit);
        (await repository.ListRefsAsync("refs/pace/attempts/F1/", Token)).ShouldBe(
            [new GitRef("refs/pace/attempts/F1/1", repo.InitialCommit), new GitRef("refs/pace/attempts/F1/2", next)]);

        await repository.DeleteRefAsync("refs/pace/attempts/F1/1", Token);
        await repository.DeleteRefAsync("refs/pace/attempts/F1/1", Token);
        (await repository.ListRefsAsync("refs/pace/attempts/", Token)).Select(r => r.Name).ShouldBe(["refs/pace/attempts/F1/2", "refs/pace/attempts/F10/1"]);
        await Should.ThrowAsync<ArgumentException>(() => repository.UpdateRefAsync("HEAD", "main", Token));
    }
}
