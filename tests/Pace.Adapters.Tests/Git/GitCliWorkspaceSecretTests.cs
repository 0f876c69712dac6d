using Pace.Adapters.Tests.Support;
using Pace.Core.Git;

namespace Pace.Adapters.Tests.Git;

/// <summary>What the diff scan reads (the lines a commit of the tree would add) and what a failed attempt keeps of a secret.</summary>
public sealed class GitCliWorkspaceSecretTests
{
    private const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_added_lines_are_those_of_changed_and_untracked_files_with_their_line_numbers()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("app.py", "one\ntwo\nthree\n");
        var based = await repo.CommitAsync("app");
        repo.Write("app.py", "one\nTWO\nthree\nfour\n");
        repo.Write("dir/new file.txt", "a\n+++ b/not-a-header\n@@ -1 +1 @@\n");
        repo.Write("no-newline.txt", "last");

        var added = await repo.Workspace().AddedLinesAsync(based, Cancel);

        added.ShouldBe(
        [
            new AddedLine("app.py", 2, "TWO"),
            new AddedLine("app.py", 4, "four"),
            new AddedLine("dir/new file.txt", 1, "a"),
            new AddedLine("dir/new file.txt", 2, "+++ b/not-a-header"),
            new AddedLine("dir/new file.txt", 3, "@@ -1 +1 @@"),
            new AddedLine("no-newline.txt", 1, "last"),
        ]);
        (await repo.StatusAsync()).ShouldContain("?? \"dir/new file.txt\"");
    }

    [Fact]
    public async Task Deleted_ignored_and_binary_files_add_no_lines()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("gone.txt", "x\n");
        var based = await repo.CommitAsync("gone");
        repo.Delete("gone.txt");
        repo.Write(".gitignore", ".pace/\n*.log\n*.tmp\n");
        repo.Write("debug.log", Token + "\n");
        await File.WriteAllBytesAsync(repo.PathOf("blob.bin"), [0, 1, 2, 0, 3], Cancel);

        var added = await repo.Workspace().AddedLinesAsync(based, Cancel);

        added.ShouldBe([new AddedLine(".gitignore", 3, "*.tmp")]);
    }

    [Fact]
    public async Task A_failed_attempt_is_kept_with_the_token_it_wrote_redacted_and_the_tree_left_as_it_was()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("config.py", $"API = 'https://example.test'\nTOKEN = '{Token}'\n");
        repo.Write("clean.py", "print('fine')\n");

        var commit = await repo.Workspace().SnapshotAsync(repo.InitialCommit, "refs/pace/attempts/A-1/1", "pace: failed attempt", Cancel);

        commit.ShouldNotBeNull();
        (await repo.GitAsync("show", "refs/pace/attempts/A-1/1:config.py")).ShouldBe("API = 'https://example.test'\nTOKEN = '[REDACTED]'");
        (await repo.GitAsync("show", "refs/pace/attempts/A-1/1:clean.py")).ShouldBe("print('fine')");
        (await repo.GitAsync("log", "--all", "-p")).ShouldNotContain(Token);
        repo.Read("config.py").ShouldContain(Token);
    }
}
