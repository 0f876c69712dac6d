using Pace.Adapters.Specs;
using Pace.Core.Forge;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

public sealed class WavePullRequestsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static WavePullRequests PullRequests(WaveRepo repo, Func<string, bool>? confirm = null) =>
        new(repo.Forge, repo.Repository, repo.Spec, repo.Layout, repo.Clock, confirm ?? (_ => throw new InvalidOperationException("asked")), repo.Checkpoints.Add, repo.Log.Add);

    private static async Task<SpecEvent> ReportedAsync(Func<Func<SpecEvent, Task>, Task> perform)
    {
        var events = new List<SpecEvent>();
        await perform(e =>
        {
            events.Add(e);
            return Task.CompletedTask;
        });
        return events.ShouldHaveSingleItem();
    }

    private static Review Approval(string head) => new("person", ReviewKind.Approved, "ok", [], [], head, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Opening_the_wave_pull_request_again_after_a_crash_finds_the_one_already_opened()
    {
        using var repo = await WaveRepo.CreateAsync();
        var open = new OpenPullRequest(1, WaveRepo.WaveBranch, WaveRepo.BaseBranch, "demo: wave 1 of 2");

        var first = await ReportedAsync(report => PullRequests(repo).OpenAsync(open, repo.Wave, report, Token));
        var again = await ReportedAsync(report => PullRequests(repo).OpenAsync(open, repo.Wave, report, Token));

        var url = "file://" + repo.Forge.PathOf(1);
        first.ShouldBe(new PullRequestOpened(repo.Clock.GetUtcNow(), 1, 1, url));
        again.ShouldBe(first);
        (await repo.Forge.GetAsync(2, Token)).ShouldBeNull();
        repo.Checkpoints.ShouldBe(["forge-opened:1", "forge-opened:1"]);
        repo.Log.ShouldBe([$"wave 1: PR #1 {WaveRepo.WaveBranch} -> {WaveRepo.BaseBranch} ({url})", $"wave 1: PR #1 {WaveRepo.WaveBranch} -> {WaveRepo.BaseBranch} ({url})"]);
    }

    [Fact]
    public async Task The_pull_request_body_lists_the_waves_tasks_and_says_which_had_no_session()
    {
        using var repo = await WaveRepo.CreateAsync();

        await ReportedAsync(report => PullRequests(repo).OpenAsync(new OpenPullRequest(1, WaveRepo.WaveBranch, WaveRepo.BaseBranch, "t"), repo.Wave, report, Token));

        var record = File.ReadAllText(repo.Forge.PathOf(1));
        record.ShouldContain("\"body\": \"Wave 1 of 2 of spec demo.\\n\\n## Tasks\\n\\n- **a**: Add a.txt\\n  - no session: the spec file marks it pending\\n\"");
    }

    [Fact]
    public async Task Merging_a_pull_request_that_is_already_merged_changes_nothing_and_reports_it_merged()
    {
        using var repo = await WaveRepo.CreateAsync();
        await ReportedAsync(report => PullRequests(repo).OpenAsync(new OpenPullRequest(1, WaveRepo.WaveBranch, WaveRepo.BaseBranch, "t"), repo.Wave, report, Token));
        var approved = await repo.HeadOfAsync(WaveRepo.WaveBranch);
        await repo.Forge.PostReviewAsync(1, Approval(approved), Token);
        repo.Checkpoints.Clear();
        repo.Log.Clear();
        var merge = new MergePullRequest(1, WaveRepo.BaseBranch, Squash: true, NeedsConfirmation: false);

        var first = await ReportedAsync(report => PullRequests(repo).MergeAsync(merge, repo.Wave, report, Token));
        var squash = await repo.HeadOfAsync(WaveRepo.BaseBranch);
        var again = await ReportedAsync(report => PullRequests(repo).MergeAsync(merge, repo.Wave, report, Token));

        first.ShouldBeOfType<PullRequestMerged>();
        again.ShouldBeOfType<PullRequestMerged>();
        (await repo.HeadOfAsync(WaveRepo.BaseBranch)).ShouldBe(squash);
        (await repo.Git.GitAsync("log", "--format=%B", "-1", WaveRepo.BaseBranch)).ShouldBe($"demo: wave 1 of 2 (PR #1)\n\n- a: Add a.txt\n\nPace-Squash-Of: {approved}");
        (await repo.Git.GitAsync("rev-list", "--count", WaveRepo.BaseBranch)).ShouldBe("2");
        repo.Checkpoints.ShouldBe(["squash-merged:1", "forge-merged", "forge-merged"]);
        repo.Log.ShouldBe([$"wave 1: PR #1 squash-merged into {WaveRepo.BaseBranch}", $"wave 1: PR #1 squash-merged into {WaveRepo.BaseBranch}"]);
    }

    [Fact]
    public async Task A_head_that_moved_after_the_approval_is_not_merged()
    {
        using var repo = await WaveRepo.CreateAsync();
        await ReportedAsync(report => PullRequests(repo).OpenAsync(new OpenPullRequest(1, WaveRepo.WaveBranch, WaveRepo.BaseBranch, "t"), repo.Wave, report, Token));
        var approved = await repo.HeadOfAsync(WaveRepo.WaveBranch);
        await repo.Forge.PostReviewAsync(1, Approval(approved), Token);
        var moved = await repo.CommitOnWaveAsync("late.txt", "after the review");
        var before = await repo.HeadOfAsync(WaveRepo.BaseBranch);

        var outcome = await ReportedAsync(report => PullRequests(repo).MergeAsync(new MergePullRequest(1, WaveRepo.BaseBranch, true, false), repo.Wave, report, Token));

        outcome.ShouldBe(new MergeFailed(repo.Clock.GetUtcNow(), $"PR #1: {WaveRepo.WaveBranch} is at {moved}, not at the approved {approved}"));
        (await repo.HeadOfAsync(WaveRepo.BaseBranch)).ShouldBe(before);
    }

    [Fact]
    public async Task A_merge_that_needs_confirmation_asks_the_question_and_merges_nothing()
    {
        using var repo = await WaveRepo.CreateAsync();
        var asked = new List<string>();
        var before = await repo.HeadOfAsync(WaveRepo.BaseBranch);
        var merge = new MergePullRequest(7, "main", true, NeedsConfirmation: true);

        var declined = await ReportedAsync(report => PullRequests(repo, q => { asked.Add(q); return false; }).MergeAsync(merge, repo.Wave, report, Token));
        var confirmed = await ReportedAsync(report => PullRequests(repo, q => { asked.Add(q); return true; }).MergeAsync(merge, repo.Wave, report, Token));

        declined.ShouldBeOfType<MergeDeclined>();
        confirmed.ShouldBeOfType<MergeConfirmed>();
        asked.ShouldBe([$"Merge PR #7 ({WaveRepo.WaveBranch}) into main?", $"Merge PR #7 ({WaveRepo.WaveBranch}) into main?"]);
        (await repo.HeadOfAsync(WaveRepo.BaseBranch)).ShouldBe(before);
        repo.Checkpoints.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cleanup_removes_the_waves_worktrees_and_branches_in_order_and_reports_a_protected_branch_it_kept()
    {
        using var repo = await WaveRepo.CreateAsync();
        var taskBranch = repo.Layout.TaskBranch(1, "a");
        await repo.Git.GitAsync("branch", taskBranch, WaveRepo.BaseBranch);
        await repo.WorktreeAsync(repo.Layout.WaveWorktree(1), WaveRepo.WaveBranch, Token);
        await repo.WorktreeAsync(repo.Layout.TaskWorktree(1, "a"), taskBranch, Token);

        var outcome = await ReportedAsync(report => PullRequests(repo).CleanupAsync(new CleanupBranches(1, [WaveRepo.WaveBranch, "main"]), report, Token));

        outcome.ShouldBeOfType<BranchCleanupFailed>().Reason.ShouldContain("main and master are never deleted");
        repo.Checkpoints.ShouldBe(["wave-worktree-removed:1", "task-worktree-removed:a", $"branch-deleted:{taskBranch}", $"branch-deleted:{WaveRepo.WaveBranch}"]);
        Directory.Exists(repo.Layout.WaveWorktree(1)).ShouldBeFalse();
        Directory.Exists(repo.Layout.TaskWorktree(1, "a")).ShouldBeFalse();
        (await repo.Git.GitAsync("branch", "--format=%(refname:short)")).Split('\n').ShouldBe([WaveRepo.BaseBranch, "main"], ignoreOrder: true);
    }

    [Fact]
    public async Task Cleanup_run_again_after_a_crash_finds_nothing_left_and_reports_the_branches_cleaned()
    {
        using var repo = await WaveRepo.CreateAsync();
        var cleanup = new CleanupBranches(1, [WaveRepo.WaveBranch]);

        var first = await ReportedAsync(report => PullRequests(repo).CleanupAsync(cleanup, report, Token));
        var again = await ReportedAsync(report => PullRequests(repo).CleanupAsync(cleanup, report, Token));

        first.ShouldBeOfType<BranchCleaned>();
        again.ShouldBeOfType<BranchCleaned>();
        (await repo.Git.GitAsync("branch", "--format=%(refname:short)")).Split('\n').ShouldBe([WaveRepo.BaseBranch, "main"], ignoreOrder: true);
    }
}
