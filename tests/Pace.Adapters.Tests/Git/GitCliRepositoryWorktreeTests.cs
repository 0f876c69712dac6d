using Pace.Adapters.Git;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Git;

public sealed class GitCliRepositoryWorktreeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adding_the_same_worktree_twice_reuses_the_first()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");

        var first = await repository.AddWorktreeAsync(path, "task-1", Token);
        File.WriteAllText(Path.Combine(path, "work.txt"), "in progress\n");
        var second = await repository.AddWorktreeAsync(path + "/", "task-1", Token);

        second.ShouldBe(first);
        first.Path.ShouldBe(path);
        first.Branch.ShouldBe("task-1");
        first.Head.ShouldBe(repo.InitialCommit);
        first.IsMain.ShouldBeFalse();
        File.ReadAllText(Path.Combine(path, "work.txt")).ShouldBe("in progress\n");
        (await repository.ListWorktreesAsync(Token)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_worktree_whose_folder_was_deleted_is_pruned_and_added_again()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");
        await repository.AddWorktreeAsync(path, "task-1", Token);
        Directory.Delete(path, recursive: true);
        (await repository.ListWorktreesAsync(Token))[1].Prunable.ShouldBeTrue();

        var again = await repository.AddWorktreeAsync(path, "task-1", Token);

        again.Prunable.ShouldBeFalse();
        File.ReadAllText(Path.Combine(path, "README.md")).ShouldBe("hello\n");
    }

    [Fact]
    public async Task A_worktree_add_killed_mid_way_is_undone_and_made_again()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");
        await repository.AddWorktreeAsync(path, "task-1", Token);
        // What git leaves when killed during the checkout: its own lock, and only part of the files.
        await repo.GitAsync("worktree", "lock", "--reason", "initializing", path);
        File.Delete(Path.Combine(path, "README.md"));
        (await repository.ListWorktreesAsync(Token))[1].AddUnfinished.ShouldBeTrue();

        var again = await repository.AddWorktreeAsync(path, "task-1", Token);

        again.Locked.ShouldBeFalse();
        File.ReadAllText(Path.Combine(path, "README.md")).ShouldBe("hello\n");
    }

    [Fact]
    public async Task A_locked_worktree_of_Paces_is_unlocked_and_removed()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");
        await repository.AddWorktreeAsync(path, "task-1", Token);
        await repo.GitAsync("worktree", "lock", "--reason", "a person's", path);
        (await repository.ListWorktreesAsync(Token))[1].LockReason.ShouldBe("a person's");

        await repository.RemoveWorktreeAsync(path, Token);

        (await repository.ListWorktreesAsync(Token)).Count.ShouldBe(1);
        Directory.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task A_worktree_path_taken_by_another_branch_or_a_branch_checked_out_elsewhere_is_an_error()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        await repository.CreateBranchAsync("task-2", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");
        await repository.AddWorktreeAsync(path, "task-1", Token);

        (await Should.ThrowAsync<GitException>(() => repository.AddWorktreeAsync(path, "task-2", Token))).Message.ShouldContain("task-1");
        (await Should.ThrowAsync<GitException>(() => repository.AddWorktreeAsync(Path.Combine(repo.Folder, "wt-x"), "task-1", Token))).Message.ShouldContain("already checked out");
        await Should.ThrowAsync<GitException>(() => repository.AddWorktreeAsync(Path.Combine(repo.Folder, "wt-y"), "no-branch", Token));
    }

    [Fact]
    public async Task I_can_list_and_remove_worktrees_and_removing_one_twice_is_fine()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");
        await repository.AddWorktreeAsync(path, "task-1", Token);
        File.WriteAllText(Path.Combine(path, "untracked.txt"), "x\n");

        var listed = await repository.ListWorktreesAsync(Token);
        listed.Select(w => (w.Path, w.Branch, w.IsMain)).ShouldBe([(repo.Root, "main", true), (path, "task-1", false)]);

        await repository.RemoveWorktreeAsync(path, Token);
        await repository.RemoveWorktreeAsync(path, Token);

        Directory.Exists(path).ShouldBeFalse();
        (await repository.ListWorktreesAsync(Token)).Count.ShouldBe(1);
        (await repository.BranchExistsAsync("task-1", Token)).ShouldBeTrue();
        await Should.ThrowAsync<GitException>(() => repository.RemoveWorktreeAsync(repo.Root, Token));
    }
}
