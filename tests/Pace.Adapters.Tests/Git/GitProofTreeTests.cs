using Pace.Adapters.Git;
using Pace.Adapters.Tests.Support;
using Pace.Adapters.Verification;
using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Adapters.Tests.Git;

/// <summary>The red run's temporary tree with real git: the base plus only the session's test files, never the person's tree, never left behind.</summary>
public sealed class GitProofTreeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly CheckSpec NeedsApp = new("tests", "test -f app.txt && test -f tests/app.test", TimeSpan.FromMinutes(1));

    private static async Task<int> WorktreesAsync(TempGitRepo repo) =>
        (await repo.GitAsync("worktree", "list", "--porcelain")).Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal));

    [Fact]
    public async Task The_checks_run_on_the_base_with_only_the_sessions_tests_and_the_persons_tree_and_index_stay_as_they_were()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("app.txt", "the session's code\n");
        repo.Write("tests/app.test", "needs app.txt\n");
        await repo.GitAsync("add", "app.txt");
        var status = await repo.StatusAsync();
        var output = Path.Combine(repo.Folder, "out");
        var ready = false;
        var request = new ProofTreeRequest(repo.Root, repo.InitialCommit, "F/1", ["tests/app.test"], [NeedsApp], "", output) { TreeReady = () => ready = true };

        var red = await new GitProofTree(new CheckRunner(), repo.Environment).RunOnBaseWithTestsAsync(request, Token);

        ready.ShouldBeTrue();
        red.Single().ExitCode.ShouldBe(1);
        (await repo.StatusAsync()).ShouldBe(status);
        (await WorktreesAsync(repo)).ShouldBe(1);
        Directory.EnumerateFileSystemEntries(Path.Combine(repo.Root, ".git", GitProofTree.Folder)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_temporary_tree_a_killed_run_left_behind_is_removed_before_the_next_red_run()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var leftover = Path.Combine(repo.Root, ".git", GitProofTree.Folder, "F-1");
        await repo.GitAsync("worktree", "add", "--quiet", "--detach", leftover, repo.InitialCommit);
        File.WriteAllText(Path.Combine(leftover, "app.txt"), "left by a killed run\n");
        repo.Write("tests/app.test", "needs app.txt\n");
        var request = new ProofTreeRequest(repo.Root, repo.InitialCommit, "F-1", ["tests/app.test"], [NeedsApp], "", Path.Combine(repo.Folder, "out"));

        var red = await new GitProofTree(new CheckRunner(), repo.Environment).RunOnBaseWithTestsAsync(request, Token);

        red.Single().ExitCode.ShouldBe(1);
        Directory.Exists(leftover).ShouldBeFalse();
        (await WorktreesAsync(repo)).ShouldBe(1);
    }

    [Fact]
    public async Task An_entry_whose_folder_was_deleted_is_taken_over_and_another_worktree_s_entry_is_left_alone()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var own = Path.Combine(repo.Root, ".git", GitProofTree.Folder, "F-1");
        await repo.GitAsync("worktree", "add", "--quiet", "--detach", own, repo.InitialCommit);
        Directory.Delete(own, recursive: true);
        // A task's worktree whose folder is gone for the moment: not the proof's to clear (no repository-wide prune).
        var task = Path.Combine(repo.Folder, "task-tree");
        await repo.GitAsync("worktree", "add", "--quiet", "--detach", task, repo.InitialCommit);
        Directory.Delete(task, recursive: true);
        repo.Write("tests/app.test", "needs app.txt\n");
        var request = new ProofTreeRequest(repo.Root, repo.InitialCommit, "F-1", ["tests/app.test"], [NeedsApp], "", Path.Combine(repo.Folder, "out"));

        var red = await new GitProofTree(new CheckRunner(), repo.Environment).RunOnBaseWithTestsAsync(request, Token);

        red.Single().ExitCode.ShouldBe(1);
        var list = await repo.GitAsync("worktree", "list", "--porcelain");
        list.ShouldContain("task-tree");
        list.ShouldNotContain(GitProofTree.Folder);
    }

    [Fact]
    public async Task An_entry_left_locked_by_an_add_killed_before_its_folder_existed_is_taken_over()
    {
        // A kill during another lane's red run (parallel feature loop) met this: git refused the next
        // add with "is a missing but locked worktree" and the resumed run ended with exit 70.
        using var repo = await TempGitRepo.CreateAsync();
        var own = Path.Combine(repo.Root, ".git", GitProofTree.Folder, "F-1");
        await repo.GitAsync("worktree", "add", "--quiet", "--lock", "--reason", "initializing", "--detach", own, repo.InitialCommit);
        Directory.Delete(own, recursive: true);
        repo.Write("tests/app.test", "needs app.txt\n");
        var request = new ProofTreeRequest(repo.Root, repo.InitialCommit, "F-1", ["tests/app.test"], [NeedsApp], "", Path.Combine(repo.Folder, "out"));

        var red = await new GitProofTree(new CheckRunner(), repo.Environment).RunOnBaseWithTestsAsync(request, Token);

        red.Single().ExitCode.ShouldBe(1);
        (await repo.GitAsync("worktree", "list", "--porcelain")).ShouldNotContain(GitProofTree.Folder);
    }

    [Fact]
    public async Task Parallel_tasks_making_their_proof_trees_at_the_same_moment_all_get_one()
    {
        // Git does not guard its worktree registry: an add that meets another add's half-written entry
        // failed with "failed to read .git/worktrees/NAME/commondir" (spec tasks proving in parallel).
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("tests/app.test", "needs app.txt\n");
        var proof = new GitProofTree(new CheckRunner(), repo.Environment);
        var requests = Enumerable.Range(1, 40).Select(i =>
            new ProofTreeRequest(repo.Root, repo.InitialCommit, $"T-{i}", ["tests/app.test"], [NeedsApp], "", Path.Combine(repo.Folder, $"out-{i}")));

        var reds = await Task.WhenAll(requests.Select(r => Task.Run(() => proof.RunOnBaseWithTestsAsync(r, Token), Token)));

        reds.ShouldAllBe(red => red.Single().ExitCode == 1);
        (await WorktreesAsync(repo)).ShouldBe(1);
    }
}
