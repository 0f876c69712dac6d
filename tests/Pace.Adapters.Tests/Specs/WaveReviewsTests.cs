using Pace.Adapters.Specs;
using Pace.Core.Forge;
using Pace.Core.Ports;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

public sealed class WaveReviewsTests
{
    private const string Approve = """{"verdict": "approved", "summary": "fine", "blocking": [], "future": []}""";

    private const string AskForChanges = """{"verdict": "changes_requested", "summary": "no test", "blocking": [{"file": "a.txt", "line": 1, "comment": "add a test"}], "future": []}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static WaveReviews Reviews(WaveRepo repo, IAgent? reviewer = null, bool allowlisted = false) =>
        new(repo.Forge, repo.Repository, reviewer, allowlisted, repo.Spec, repo.Layout, new Core.Agents.AgentLimits(TimeSpan.FromMinutes(1)),
            repo.Clock, repo.Git.Environment, repo.WorktreeAsync, repo.Checkpoints.Add, repo.Log.Add);

    private static async Task<SpecEvent> PollAsync(WaveReviews reviews, WaveRepo repo)
    {
        var events = new List<SpecEvent>();
        await reviews.PollAsync(new PollReview(1, TimeSpan.Zero), repo.Wave, e =>
        {
            events.Add(e);
            return Task.CompletedTask;
        }, Token);
        return events.ShouldHaveSingleItem();
    }

    private static async Task OpenAsync(WaveRepo repo) =>
        await repo.Forge.OpenOrFindAsync(new PullRequestDraft(WaveRepo.WaveBranch, WaveRepo.BaseBranch, "t", "b"), Token);

    private static Review By(string reviewer, ReviewKind kind, string head) => new(reviewer, kind, "", kind == ReviewKind.ChangesRequested ? [new ReviewComment("add a test")] : [], [], head, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task A_person_is_told_how_to_review_and_their_verdict_on_the_current_head_is_read_back()
    {
        using var repo = await WaveRepo.CreateAsync();
        await OpenAsync(repo);
        var reviews = Reviews(repo);

        await reviews.RequestAsync(new RequestReview(1), repo.Wave, Token);
        var before = await PollAsync(reviews, repo);
        await repo.Forge.PostReviewAsync(1, By("person", ReviewKind.ChangesRequested, await repo.HeadOfAsync(WaveRepo.WaveBranch)), Token);
        var after = await PollAsync(reviews, repo);

        repo.Log.ShouldBe(["PR #1 awaits your review: pace review demo approve|request-changes -m TEXT"]);
        before.ShouldBeOfType<ReviewPending>();
        var received = after.ShouldBeOfType<ReviewReceived>();
        received.Verdict.ShouldBe(ReviewVerdict.ChangesRequested);
        received.BlockingComments.ShouldBe(["add a test"]);
    }

    [Fact]
    public async Task A_verdict_on_an_older_head_or_from_a_reviewer_not_allowed_is_not_a_verdict_unless_the_forge_keeps_the_allowlist()
    {
        using var repo = await WaveRepo.CreateAsync();
        await OpenAsync(repo);
        var reviewed = await repo.HeadOfAsync(WaveRepo.WaveBranch);
        await repo.Forge.PostReviewAsync(1, By("person", ReviewKind.Approved, reviewed), Token);
        var head = await repo.CommitOnWaveAsync("fix.txt", "fixes");
        await repo.Forge.PostReviewAsync(1, By("mallory", ReviewKind.Approved, head), Token);

        (await PollAsync(Reviews(repo), repo)).ShouldBeOfType<ReviewPending>();
        (await PollAsync(Reviews(repo, allowlisted: true), repo)).ShouldBeOfType<ReviewReceived>().Verdict.ShouldBe(ReviewVerdict.Approved);
        await Reviews(repo, allowlisted: true).RequestAsync(new RequestReview(1), repo.Wave, Token);
        repo.Log.ShouldBe(["PR #1 awaits a review from an allowed reviewer on the forge"]);
    }

    [Fact]
    public async Task The_reviewer_agent_is_asked_once_per_head_in_the_waves_worktree_and_what_it_changed_is_undone()
    {
        using var repo = await WaveRepo.CreateAsync();
        await OpenAsync(repo);
        var head = await repo.HeadOfAsync(WaveRepo.WaveBranch);
        var reviewer = new FakeReviewer(AskForChanges);
        var reviews = Reviews(repo, reviewer);

        await reviews.RequestAsync(new RequestReview(1), repo.Wave, Token);
        var polled = await PollAsync(reviews, repo);

        var request = reviewer.Requests.ShouldHaveSingleItem();
        request.WorkingFolder.ShouldBe(repo.Layout.WaveWorktree(1));
        request.TranscriptPath.ShouldBe(Path.Combine(repo.Layout.SessionFolder(1, "review-1"), "transcript.jsonl"));
        request.Prompt.ShouldContain("a.txt");
        File.Exists(Path.Combine(request.WorkingFolder, "scribble.txt")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(request.WorkingFolder, "a.txt")).ShouldBe("a\n");
        var posted = (await repo.Forge.GetReviewsAsync(1, Token)).ShouldHaveSingleItem();
        (posted.Reviewer, posted.Kind, posted.HeadSha).ShouldBe(("fake-reviewer", ReviewKind.ChangesRequested, head));
        polled.ShouldBeOfType<ReviewReceived>().BlockingComments.ShouldBe(["a.txt:1: add a test"]);
        repo.Checkpoints.ShouldBe(["review-posted"]);
        repo.Log.ShouldBe(["PR #1: fake-reviewer requested changes (1 blocking)"]);
    }

    [Fact]
    public async Task Two_unreadable_answers_about_one_head_fail_the_review_and_a_new_head_is_asked_again()
    {
        using var repo = await WaveRepo.CreateAsync();
        await OpenAsync(repo);
        var head = await repo.HeadOfAsync(WaveRepo.WaveBranch);
        var reviewer = new FakeReviewer("looks good to me", "LGTM!", Approve);
        var reviews = Reviews(repo, reviewer);

        var first = await PollAsync(reviews, repo);
        var second = await PollAsync(reviews, repo);
        var third = await PollAsync(reviews, repo);
        await repo.CommitOnWaveAsync("fix.txt", "fixes");
        var fresh = await PollAsync(reviews, repo);

        first.ShouldBeOfType<ReviewPending>();
        second.ShouldBeOfType<ReviewUnreadable>().Reason.ShouldStartWith($"the reviewer agent fake-reviewer was asked 2 times about {head[..7]} and no answer was a readable verdict; the last: ");
        third.ShouldBeOfType<ReviewUnreadable>();
        fresh.ShouldBeOfType<ReviewReceived>().Verdict.ShouldBe(ReviewVerdict.Approved);
        reviewer.Requests.Count.ShouldBe(3);
        repo.Checkpoints.ShouldBe(["review-posted", "review-posted", "review-posted"]);
    }
}
