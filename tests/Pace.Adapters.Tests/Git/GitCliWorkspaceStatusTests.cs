using Pace.Adapters.Git;
using Pace.Adapters.Tests.Support;
using Pace.Core.Git;

namespace Pace.Adapters.Tests.Git;

/// <summary>
/// Status, changed paths, restores and commits: the short ways (one `git status`, the commit id read
/// from git's summary) give what the long ways give, and are what runs in the usual case.
/// </summary>
public sealed class GitCliWorkspaceStatusTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task I_can_read_head_branch_and_changed_paths_in_one_git_process()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("README.md", "changed\n");
        repo.Delete(".gitignore");
        repo.Write("dir/new file.txt", "n\n");
        repo.Write("staged.txt", "s\n");
        await repo.GitAsync("add", "staged.txt");
        var trace = new TraceFile(repo);

        var status = await trace.Workspace().StatusAsync(repo.InitialCommit, Token);

        status.ShouldBe(new WorkspaceStatus(repo.InitialCommit, "main", status.ChangedPaths));
        status.ChangedPaths.ShouldBe([".gitignore", "README.md", "dir/new file.txt", "staged.txt"]);
        trace.Commands().ShouldBe(["status"]);
    }

    [Fact]
    public async Task Status_on_a_detached_head_after_an_agent_commit_compares_with_the_base_not_with_head()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("committed.txt", "c\n");
        var head = await repo.CommitAsync("agent commit");
        await repo.GitAsync("checkout", "--quiet", "--detach");
        repo.Write("README.md", "changed\n");

        var status = await repo.Workspace().StatusAsync(repo.InitialCommit, Token);

        status.ShouldBe(new WorkspaceStatus(head, null, status.ChangedPaths));
        status.ChangedPaths.ShouldBe(["README.md", "committed.txt"]);
    }

    [Theory]
    [InlineData("staged, then changed back in the tree")]
    [InlineData("new, staged, then deleted from the tree")]
    [InlineData("deleted from the index, kept in the tree")]
    [InlineData("staged, then changed again")]
    public async Task Entries_a_status_cannot_judge_alone_get_the_exact_answer(string case_)
    {
        using var repo = await TempGitRepo.CreateAsync();
        var exact = case_ switch
        {
            "staged, then changed back in the tree" => await StagedThenRestoredAsync(repo),
            "new, staged, then deleted from the tree" => await NewStagedThenDeletedAsync(repo),
            "deleted from the index, kept in the tree" => await UntrackedButUnchangedAsync(repo),
            _ => await StagedThenChangedAsync(repo),
        };
        var trace = new TraceFile(repo);

        var paths = await trace.Workspace().ChangedPathsAsync(repo.InitialCommit, Token);

        paths.ShouldBe(exact);
        trace.Commands().ShouldContain("diff-index");
    }

    [Fact]
    public async Task Restoring_paths_that_are_as_in_the_commit_takes_one_git_process_and_changes_nothing()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("other.txt", "agent\n");
        var trace = new TraceFile(repo);

        await trace.Workspace().RestorePathsAsync(repo.InitialCommit, ["README.md", "absent.txt"], Token);

        trace.Commands().ShouldBe(["status"]);
        repo.Read("README.md").ShouldBe("hello\n");
        repo.Exists("absent.txt").ShouldBeFalse();
        repo.Read("other.txt").ShouldBe("agent\n");
    }

    [Fact]
    public async Task Restoring_an_ignored_file_the_commit_lacks_still_deletes_it()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("made.log", "ignored\n");

        await repo.Workspace().RestorePathsAsync(repo.InitialCommit, ["made.log", "README.md"], Token);

        repo.Exists("made.log").ShouldBeFalse();
        repo.Read("README.md").ShouldBe("hello\n");
    }

    [Fact]
    public async Task A_commit_returns_its_full_id_without_asking_git_for_head_again()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("new.txt", "n\n");
        var trace = new TraceFile(repo);
        var workspace = trace.Workspace();

        var first = await workspace.CommitAllAsync("feat(x): A-1 - one", Token);
        await repo.GitAsync("checkout", "--quiet", "--detach");
        var second = await workspace.CommitAllAsync("feat(x): A-2 - two", Token);

        first.ShouldBe((await repo.GitAsync("rev-parse", "HEAD~1")).Trim());
        second.ShouldBe((await repo.GitAsync("rev-parse", "HEAD")).Trim());
        trace.Commands().ShouldNotContain("symbolic-ref");
        trace.Commands().Count(c => c == "rev-parse").ShouldBe(1);
    }

    [Fact]
    public async Task Gits_housekeeping_check_runs_on_the_first_commit_and_every_tenth_after_it()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var trace = new TraceFile(repo);
        var workspace = trace.Workspace();

        for (var i = 1; i <= 12; i++)
        {
            repo.Write($"file{i}.txt", $"{i}\n");
            await workspace.CommitAllAsync($"feat(x): A-{i} - step", Token);
        }

        (await repo.GitAsync("rev-list", "--count", "HEAD")).Trim().ShouldBe("13");
        trace.Commands().Count(c => c == "commit").ShouldBe(12);
        trace.Commands(children: true).Count(c => c == "maintenance").ShouldBe(2);
    }

    [Theory]
    [InlineData("[main 0123456789abcdef0123456789abcdef01234567] feat: x\n 1 file changed", 40, "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("[main (root-commit) 0123456789abcdef0123456789abcdef01234567] x", 40, "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("[detached HEAD 0123456789abcdef0123456789abcdef01234567] x", 40, "0123456789abcdef0123456789abcdef01234567")]
    [InlineData("[main 0123456] x", 40, null)]
    [InlineData("[a]b 0123456789abcdef0123456789abcdef01234567] x", 40, null)]
    [InlineData("", 40, null)]
    public void The_commit_id_is_read_from_the_summary_only_when_it_is_whole(string stdout, int length, string? expected) =>
        CommitSummary.Commit(stdout, length).ShouldBe(expected);

    private static async Task<IReadOnlyList<string>> StagedThenRestoredAsync(TempGitRepo repo)
    {
        repo.Write("README.md", "staged\n");
        await repo.GitAsync("add", "README.md");
        repo.Write("README.md", "hello\n");
        return [];
    }

    private static async Task<IReadOnlyList<string>> NewStagedThenDeletedAsync(TempGitRepo repo)
    {
        repo.Write("gone.txt", "g\n");
        await repo.GitAsync("add", "gone.txt");
        repo.Delete("gone.txt");
        repo.Write("kept.txt", "k\n");
        return ["kept.txt"];
    }

    private static async Task<IReadOnlyList<string>> UntrackedButUnchangedAsync(TempGitRepo repo)
    {
        await repo.GitAsync("rm", "--cached", "--quiet", "README.md");
        return [];
    }

    private static async Task<IReadOnlyList<string>> StagedThenChangedAsync(TempGitRepo repo)
    {
        repo.Write("README.md", "staged\n");
        await repo.GitAsync("add", "README.md");
        repo.Write("README.md", "changed again\n");
        return ["README.md"];
    }
}
