using Pace.Adapters.Tests.Support;
using Pace.Core.Git;

namespace Pace.Adapters.Tests.Git;

public sealed class GitCliWorkspaceTreeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task I_can_read_head_and_the_current_branch()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var workspace = repo.Workspace();

        (await workspace.HeadAsync(Token)).ShouldBe(repo.InitialCommit);
        (await workspace.CurrentBranchAsync(Token)).ShouldBe("main");

        await repo.GitAsync("checkout", "--quiet", "--detach");
        (await workspace.CurrentBranchAsync(Token)).ShouldBeNull();
    }

    [Fact]
    public async Task Changed_paths_include_committed_staged_unstaged_and_untracked_files_but_not_ignored_ones()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("committed.txt", "c\n");
        await repo.CommitAsync("agent commit");
        repo.Write("staged.txt", "s\n");
        await repo.GitAsync("add", "staged.txt");
        repo.Write("README.md", "changed\n");
        repo.Write("dir/untracked file.txt", "u\n");
        repo.Write("build.log", "ignored\n");
        repo.Write(".pace/state.json", "{}");

        var paths = await repo.Workspace().ChangedPathsAsync(repo.InitialCommit, Token);

        paths.ShouldBe(["README.md", "committed.txt", "dir/untracked file.txt", "staged.txt"]);
    }

    [Fact]
    public async Task A_file_changed_and_changed_back_is_not_a_changed_path()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("README.md", "other\n");
        await repo.CommitAsync("change");
        repo.Write("README.md", "hello\n");
        repo.Delete(".gitignore");

        var paths = await repo.Workspace().ChangedPathsAsync(repo.InitialCommit, Token);

        paths.ShouldBe([".gitignore"]);
    }

    [Fact]
    public async Task One_workspace_sees_each_new_change_call_after_call_in_a_linked_worktree_too()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var linked = Path.Combine(repo.Folder, "linked");
        await repo.GitAsync("worktree", "add", "--quiet", "-b", "side", linked);
        var workspace = repo.Workspace(linked);
        var main = repo.Workspace();

        File.WriteAllText(Path.Combine(linked, "a.txt"), "a\n");
        (await workspace.ChangedPathsAsync(repo.InitialCommit, Token)).ShouldBe(["a.txt"]);
        File.WriteAllText(Path.Combine(linked, "b.txt"), "b\n");
        (await workspace.ChangedPathsAsync(repo.InitialCommit, Token)).ShouldBe(["a.txt", "b.txt"]);
        (await workspace.DiffStatsAsync(repo.InitialCommit, Token)).ShouldBe(new DiffStats(2, 2, 0));
        (await main.ChangedPathsAsync(repo.InitialCommit, Token)).ShouldBeEmpty();
        repo.Write("c.txt", "c\n");
        (await main.ChangedPathsAsync(repo.InitialCommit, Token)).ShouldBe(["c.txt"]);
        Directory.GetFiles(repo.PathOf(".git"), "index.pace-*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Diff_stats_count_files_insertions_and_deletions_of_untracked_files_too()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var workspace = repo.Workspace();
        (await workspace.DiffStatsAsync(repo.InitialCommit, Token)).ShouldBe(DiffStats.None);

        repo.Write("README.md", "bye\n");
        repo.Write("new.txt", "a\nb\nc\n");

        (await workspace.DiffStatsAsync(repo.InitialCommit, Token)).ShouldBe(new DiffStats(2, 4, 1));
    }

    [Fact]
    public async Task A_snapshot_keeps_untracked_files_on_a_ref_and_leaves_status_unchanged()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("README.md", "edited\n");
        repo.Write("src/new.cs", "class A {}\n");
        repo.Write("staged.txt", "staged\n");
        await repo.GitAsync("add", "staged.txt");
        repo.Write("out.log", "ignored\n");
        var before = await repo.StatusAsync();

        var snapshot = await repo.Workspace().SnapshotAsync(repo.InitialCommit, "refs/pace/attempts/1/1", "attempt 1", Token);

        snapshot.ShouldNotBeNull();
        (await repo.StatusAsync()).ShouldBe(before);
        (await repo.GitAsync("rev-parse", "HEAD")).ShouldBe(repo.InitialCommit);
        (await repo.GitAsync("rev-parse", "refs/pace/attempts/1/1")).ShouldBe(snapshot);
        (await repo.GitAsync("show", "refs/pace/attempts/1/1:src/new.cs")).ShouldBe("class A {}");
        (await repo.GitAsync("show", "refs/pace/attempts/1/1:README.md")).ShouldBe("edited");
        (await repo.GitAsync("show", "refs/pace/attempts/1/1:staged.txt")).ShouldBe("staged");
        (await repo.GitAsync("ls-tree", "-r", "--name-only", "refs/pace/attempts/1/1")).ShouldNotContain("out.log");
        (await repo.GitAsync("log", "-1", "--format=%s%n%P", "refs/pace/attempts/1/1")).ShouldBe($"attempt 1\n{repo.InitialCommit}");
        Directory.GetFiles(repo.PathOf(".git"), "index.pace-*").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_snapshot_taken_again_finds_the_same_commit()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("new.txt", "x\n");
        var workspace = repo.Workspace();

        var first = await workspace.SnapshotAsync(repo.InitialCommit, "refs/pace/attempts/1/1", "attempt", Token);
        var second = await workspace.SnapshotAsync(repo.InitialCommit, "refs/pace/attempts/1/1", "attempt", Token);

        second.ShouldBe(first);
        (await repo.GitAsync("rev-list", "--count", "refs/pace/attempts/1/1")).ShouldBe("2");
    }

    [Fact]
    public async Task A_snapshot_of_an_unchanged_tree_is_null_and_makes_no_ref()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("ignored.log", "x\n");

        var snapshot = await repo.Workspace().SnapshotAsync(repo.InitialCommit, "refs/pace/attempts/1/1", "attempt", Token);

        snapshot.ShouldBeNull();
        (await repo.GitAsync("for-each-ref", "refs/pace/")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_snapshot_keeps_the_commits_the_agent_made()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("a.txt", "a\n");
        var agentCommit = await repo.CommitAsync("agent work");
        repo.Write("b.txt", "b\n");

        var snapshot = await repo.Workspace().SnapshotAsync(repo.InitialCommit, "refs/pace/attempts/2/1", "attempt", Token);

        (await repo.GitAsync("rev-parse", $"{snapshot}^")).ShouldBe(agentCommit);
        (await repo.GitAsync("diff", "--name-only", repo.InitialCommit, snapshot!)).ShouldBe("a.txt\nb.txt");
    }
}
