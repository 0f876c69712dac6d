using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Git;

public sealed class GitCliWorkspaceChangeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reset_removes_commits_edits_and_untracked_files_but_keeps_ignored_ones()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("committed.txt", "c\n");
        await repo.CommitAsync("agent commit");
        repo.Write("README.md", "edited\n");
        repo.Write("staged.txt", "s\n");
        await repo.GitAsync("add", "staged.txt");
        repo.Write("deep/untracked.txt", "u\n");
        repo.Write(".pace/state.json", "{\"keep\":true}");
        repo.Write("build.log", "keep\n");

        await repo.Workspace().ResetAsync(repo.InitialCommit, Token);

        (await repo.GitAsync("rev-parse", "main")).ShouldBe(repo.InitialCommit);
        (await repo.GitAsync("symbolic-ref", "--short", "HEAD")).ShouldBe("main");
        repo.Read("README.md").ShouldBe("hello\n");
        repo.Exists("committed.txt").ShouldBeFalse();
        repo.Exists("staged.txt").ShouldBeFalse();
        Directory.Exists(repo.PathOf("deep")).ShouldBeFalse();
        repo.Read(".pace/state.json").ShouldBe("{\"keep\":true}");
        repo.Read("build.log").ShouldBe("keep\n");
        (await repo.GitAsync("status", "--porcelain")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_detached_checkout_discards_edits_and_untracked_files_and_leaves_the_branch_where_it_was()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("next.txt", "n\n");
        var next = await repo.CommitAsync("next");
        await repo.GitAsync("reset", "--quiet", "--hard", repo.InitialCommit);
        repo.Write("README.md", "edited\n");
        repo.Write("untracked.txt", "u\n");
        repo.Write("build.log", "keep\n");

        await repo.Workspace().DetachAsync(next, Token);

        (await repo.GitAsync("rev-parse", "HEAD")).ShouldBe(next);
        (await repo.GitAsync("rev-parse", "main")).ShouldBe(repo.InitialCommit);
        (await repo.Workspace().CurrentBranchAsync(Token)).ShouldBeNull();
        repo.Read("README.md").ShouldBe("hello\n");
        repo.Read("next.txt").ShouldBe("n\n");
        repo.Exists("untracked.txt").ShouldBeFalse();
        repo.Read("build.log").ShouldBe("keep\n");
        (await repo.GitAsync("status", "--porcelain")).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_amend_on_a_detached_head_adds_the_edits_keeps_parents_and_message_and_moves_no_branch()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("a.txt", "a\n");
        var commit = await repo.CommitAsync("Add a\n\nTrailer-Of: x");
        await repo.GitAsync("reset", "--quiet", "--hard", repo.InitialCommit);
        var workspace = repo.Workspace();
        await workspace.DetachAsync(commit, Token);
        repo.Write("progress.txt", "done\n");

        var amended = await workspace.AmendAllAsync(Token);

        (await repo.GitAsync("rev-parse", "HEAD")).ShouldBe(amended);
        (await repo.GitAsync("log", "-1", "--format=%P%n%B", amended)).ShouldBe($"{repo.InitialCommit}\nAdd a\n\nTrailer-Of: x");
        (await repo.GitAsync("ls-tree", "--name-only", amended)).ShouldBe(".gitignore\nREADME.md\na.txt\nprogress.txt");
        (await repo.GitAsync("rev-parse", "main")).ShouldBe(repo.InitialCommit);
        (await repo.GitAsync("status", "--porcelain")).ShouldBeEmpty();
    }

    [Fact]
    public async Task I_can_restore_a_path_the_agent_deleted_and_one_it_created()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("feature_list.json", "[]\n");
        var baseCommit = await repo.CommitAsync("base");
        repo.Delete("feature_list.json");
        repo.Write("pace.json", "{\"checks\":[]}\n");
        repo.Write("created/tracked.txt", "t\n");
        await repo.GitAsync("add", "created/tracked.txt");
        repo.Write("README.md", "agent work\n");

        await repo.Workspace().RestorePathsAsync(baseCommit, ["feature_list.json", "pace.json", "created/tracked.txt"], Token);

        repo.Read("feature_list.json").ShouldBe("[]\n");
        repo.Exists("pace.json").ShouldBeFalse();
        Directory.Exists(repo.PathOf("created")).ShouldBeFalse();
        repo.Read("README.md").ShouldBe("agent work\n");
        (await repo.GitAsync("status", "--porcelain")).ShouldBe(" M README.md");
    }

    [Fact]
    public async Task I_can_restore_a_file_the_agent_committed_changes_to()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("README.md", "agent\n");
        await repo.CommitAsync("agent commit");

        await repo.Workspace().RestorePathsAsync(repo.InitialCommit, ["README.md"], Token);

        repo.Read("README.md").ShouldBe("hello\n");
        (await repo.GitAsync("diff", "--cached", "--name-only")).ShouldBe("README.md");
        (await repo.GitAsync("diff", "--name-only")).ShouldBeEmpty();
    }

    [Fact]
    public async Task I_can_commit_everything_including_new_and_deleted_files()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("new.txt", "n\n");
        repo.Delete("README.md");
        repo.Write("x.log", "ignored\n");
        var workspace = repo.Workspace();

        var commit = await workspace.CommitAllAsync("feat: F1 passes\n\nPace-Feature: F1", Token);

        (await repo.GitAsync("rev-parse", "HEAD")).ShouldBe(commit);
        (await repo.GitAsync("show", "--name-status", "--format=%s", commit)).ShouldBe("feat: F1 passes\n\nD\tREADME.md\nA\tnew.txt");
        (await repo.GitAsync("status", "--porcelain")).ShouldBeEmpty();
        (await repo.GitAsync("log", "-1", "--format=%an %cI", commit)).ShouldBe("Pace Test 2024-01-02T03:04:05+00:00");
    }

    [Fact]
    public async Task The_log_lists_commits_newest_first_with_subject_body_and_date()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var workspace = repo.Workspace();
        await workspace.CommitAllAsync("second\n\nbody line 1\nbody line 2", Token);
        var third = await workspace.CommitAllAsync("third", Token);

        var log = await workspace.LogAsync(2, Token);

        log.Select(c => c.Subject).ShouldBe(["third", "second"]);
        log[0].Sha.ShouldBe(third);
        log[1].Body.ShouldBe("body line 1\nbody line 2");
        log[0].Date.ShouldBe(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        (await workspace.LogAsync(10, Token)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task The_log_of_a_branch_without_commits_is_empty()
    {
        using var repo = await TempGitRepo.CreateAsync();
        await repo.GitAsync("checkout", "--quiet", "--orphan", "fresh");

        (await repo.Workspace().LogAsync(10, Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task I_can_find_the_newest_commit_since_a_base_whose_message_has_a_text()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var workspace = repo.Workspace();
        var older = await workspace.CommitAllAsync("feat: first\n\nPace-Feature: F1", Token);
        await workspace.CommitAllAsync("unrelated", Token);
        var newer = await workspace.CommitAllAsync("feat: again\n\nPace-Feature: F1", Token);

        (await workspace.FindCommitAsync(repo.InitialCommit, "Pace-Feature: F1", Token))!.Sha.ShouldBe(newer);
        (await workspace.FindCommitAsync(older, "Pace-Feature: F2", Token)).ShouldBeNull();
        (await workspace.FindCommitAsync(newer, "Pace-Feature: F1", Token)).ShouldBeNull();
        (await workspace.FindCommitAsync(repo.InitialCommit, "first\n\nPace-Feature", Token))!.Sha.ShouldBe(older);
    }
}
