using Pace.Adapters.Specs;
using Pace.Adapters.Tests.Support;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Tests.Specs;

public sealed class SpecTargetBranchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_remotes_default_branch_is_chosen_over_the_branch_checked_out()
    {
        using var repo = await TempGitRepo.CreateAsync();
        await repo.GitAsync("switch", "-q", "-c", "topic");
        await repo.GitAsync("remote", "add", "origin", repo.Folder);
        await repo.GitAsync("update-ref", "refs/remotes/origin/main", "main");
        await repo.GitAsync("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main");

        var choice = await SpecTargetBranch.ChooseAsync(repo.Root, null, null, Token);

        choice.ShouldBe(new SpecTargetBranch("main", "the remote's default branch (origin/HEAD)"));
    }

    [Fact]
    public async Task Without_a_remote_the_branch_checked_out_is_chosen_and_a_named_one_wins_over_both()
    {
        using var repo = await TempGitRepo.CreateAsync();
        await repo.GitAsync("branch", "release");
        await repo.GitAsync("switch", "-q", "-c", "master");

        (await SpecTargetBranch.ChooseAsync(repo.Root, null, null, Token)).ShouldBe(new SpecTargetBranch("master", SpecTargetBranch.FromCheckout));
        (await SpecTargetBranch.ChooseAsync(repo.Root, null, "release", Token)).ShouldBe(new SpecTargetBranch("release", SpecTargetBranch.FromSettings));
        (await SpecTargetBranch.ChooseAsync(repo.Root, "main", "release", Token)).ShouldBe(new SpecTargetBranch("main", SpecTargetBranch.FromSpec));
    }

    [Fact]
    public async Task A_detached_head_without_a_remote_or_a_missing_branch_is_refused_with_what_to_do()
    {
        using var repo = await TempGitRepo.CreateAsync();
        await repo.GitAsync("switch", "-q", "--detach");

        var detached = await Should.ThrowAsync<InputException>(() => SpecTargetBranch.ChooseAsync(repo.Root, null, null, Token));
        var missing = await Should.ThrowAsync<InputException>(() => SpecTargetBranch.ChooseAsync(repo.Root, null, "nope", Token));

        detached.Message.ShouldContain("HEAD is detached and no remote names a default branch");
        detached.Message.ShouldContain("pace.spec.targetBranch");
        missing.Message.ShouldContain("the spec's target branch nope (named by pace.json's pace.spec.targetBranch) does not exist");
    }
}
