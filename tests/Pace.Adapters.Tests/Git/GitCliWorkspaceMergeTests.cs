using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Git;

/// <summary>The commit-free apply that the spec engine uses through the workspace port.</summary>
public sealed class GitCliWorkspaceMergeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_commit_applied_without_committing_leaves_its_changes_in_the_tree_and_one_that_does_not_apply_says_so()
    {
        using var repo = await TempGitRepo.CreateAsync();
        await repo.GitAsync("checkout", "-q", "-b", "other");
        repo.Write("added.txt", "a\n");
        var adds = await repo.CommitAsync("adds a file");
        repo.Write("README.md", "theirs\n");
        var edits = await repo.CommitAsync("edits the readme");
        await repo.GitAsync("checkout", "-q", "main");
        repo.Write("README.md", "ours\n");
        var ours = await repo.CommitAsync("ours");
        var workspace = repo.Workspace();

        var applied = await workspace.ApplyAsync(adds, Token);
        var changed = await workspace.ChangedPathsAsync(ours, Token);
        await workspace.ResetAsync(ours, Token);
        var conflicting = await workspace.ApplyAsync(edits, Token);

        applied.ShouldBeTrue();
        changed.ShouldBe(["added.txt"]);
        conflicting.ShouldBeFalse();
        (await repo.GitAsync("rev-parse", "HEAD")).ShouldBe(ours);
    }
}
