using Pace.Adapters.Git;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Git;

public sealed class GitCliTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_git_failure_names_the_command_and_carries_git_s_error_output()
    {
        using var folder = new TempFolder();
        var workspace = new GitCliWorkspace(folder.Path, new Dictionary<string, string?> { ["GIT_CEILING_DIRECTORIES"] = Path.GetTempPath() });

        var error = await Should.ThrowAsync<GitException>(() => workspace.HeadAsync(Token));

        error.Command.ShouldBe($"git -C {folder.Path} rev-parse --verify HEAD^{{commit}}");
        error.ExitCode.ShouldBe(128);
        error.Stderr.ShouldContain("not a git repository");
        error.Message.ShouldContain("not a git repository");
    }

    [Fact]
    public async Task A_lock_file_that_no_git_process_can_hold_any_more_is_removed_and_the_command_succeeds()
    {
        // As a git process killed with Pace's process group leaves it.
        var (repo, lockFile) = await RepoWithIndexLockAsync();
        using var _ = repo;
        var waits = 0;
        var git = new GitCli(repo.Root, repo.Environment) { LockBusy = _ => waits++ };

        await git.RunAsync(["add", "--all"], Token);

        File.Exists(lockFile).ShouldBeFalse();
        waits.ShouldBe(0);
        (await git.RunAsync(["diff", "--cached", "--name-only"], Token)).Text.ShouldBe("new.txt");
    }

    [Fact]
    public async Task A_lock_file_taken_while_a_git_process_runs_there_is_waited_for_and_the_command_succeeds_once_it_is_gone()
    {
        var (repo, lockFile) = await RepoWithIndexLockAsync();
        using var _ = repo;
        using var holder = GitProcessIn(repo.Root);
        var waits = new List<string>();
        // The lock's holder ends while the command waits (as one a killed Pace started, still finishing).
        var git = new GitCli(repo.Root, repo.Environment) { LockBusy = message => { waits.Add(message); File.Delete(lockFile); } };

        await git.RunAsync(["add", "--all"], Token);

        waits.ShouldHaveSingleItem().ShouldContain("index.lock': File exists");
        (await git.RunAsync(["diff", "--cached", "--name-only"], Token)).Text.ShouldBe("new.txt");
    }

    [Fact]
    public async Task A_lock_file_that_stays_while_a_git_process_runs_there_fails_the_command_with_git_s_message_naming_it()
    {
        var (repo, lockFile) = await RepoWithIndexLockAsync();
        using var _ = repo;
        using var holder = GitProcessIn(repo.Root);
        var waits = 0;
        var git = new GitCli(repo.Root, repo.Environment) { LockWait = TimeSpan.FromMilliseconds(100), LockBusy = _ => waits++ };

        var error = await Should.ThrowAsync<GitException>(() => git.RunAsync(["add", "--all"], Token));

        error.Stderr.ShouldContain(lockFile + "': File exists");
        waits.ShouldBeGreaterThan(1);
        File.Exists(lockFile).ShouldBeTrue();
    }

    private static GitHolder GitProcessIn(string folder) => new(folder);

    /// <summary>A git process that works in a folder until disposed (it reads object names from its standard input, and ends when that closes).</summary>
    private sealed class GitHolder : IDisposable
    {
        private readonly System.Diagnostics.Process _process;

        public GitHolder(string folder)
        {
            var info = new System.Diagnostics.ProcessStartInfo("git", ["cat-file", "--batch-check"]) { WorkingDirectory = folder, RedirectStandardInput = true };
            _process = System.Diagnostics.Process.Start(info)!;
            // Until git has replaced the forked .NET child, /proc names another program.
            SpinWait.SpinUntil(() => IsGit(_process.Id), TimeSpan.FromSeconds(10)).ShouldBeTrue();
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }

            _process.Dispose();
        }

        private static bool IsGit(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/comm").StartsWith("git", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <summary>A repository with a new file to stage and its index.lock taken.</summary>
    private static async Task<(TempGitRepo Repo, string LockFile)> RepoWithIndexLockAsync()
    {
        var repo = await TempGitRepo.CreateAsync();
        repo.Write("new.txt", "new\n");
        var lockFile = Path.Combine(repo.Root, ".git", "index.lock");
        await File.WriteAllTextAsync(lockFile, "", Token);
        return (repo, lockFile);
    }

    [Fact]
    public async Task A_cancelled_git_command_throws_operation_cancelled()
    {
        using var repo = await TempGitRepo.CreateAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => repo.Workspace().HeadAsync(cancelled.Token));
    }

    [Fact]
    public async Task Paths_with_spaces_unicode_and_glob_characters_are_taken_literally()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("a*.txt", "star\n");
        repo.Write("ab.txt", "b\n");
        var baseCommit = await repo.CommitAsync("base");
        repo.Write("a*.txt", "changed\n");
        repo.Write("ab.txt", "changed\n");
        repo.Write("dossier é/fichier ü.txt", "new\n");
        var workspace = repo.Workspace();

        (await workspace.ChangedPathsAsync(baseCommit, Token)).ShouldBe(["a*.txt", "ab.txt", "dossier é/fichier ü.txt"]);
        await workspace.RestorePathsAsync(baseCommit, ["a*.txt", "dossier é/fichier ü.txt"], Token);

        repo.Read("a*.txt").ShouldBe("star\n");
        repo.Read("ab.txt").ShouldBe("changed\n");
        repo.Exists("dossier é/fichier ü.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task A_workspace_in_a_linked_worktree_snapshots_through_that_worktree_s_own_index()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync("task-1", "main", Token);
        var path = Path.Combine(repo.Folder, "wt-1");
        await repository.AddWorktreeAsync(path, "task-1", Token);
        File.WriteAllText(Path.Combine(path, "task.txt"), "work\n");
        var workspace = repo.Workspace(path);

        var snapshot = await workspace.SnapshotAsync(repo.InitialCommit, "refs/pace/attempts/t1/1", "attempt", Token);

        (await repo.GitAsync("show", $"{snapshot}:task.txt")).ShouldBe("work");
        (await repo.GitInAsync(path, "status", "--porcelain")).ShouldBe("?? task.txt");
        (await workspace.CurrentBranchAsync(Token)).ShouldBe("task-1");
        Directory.GetFiles(Path.Combine(repo.Root, ".git", "worktrees", "wt-1"), "index.pace-*").ShouldBeEmpty();
    }
}
