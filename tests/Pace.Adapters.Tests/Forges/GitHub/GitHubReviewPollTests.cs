using Pace.Adapters.Forges.GitHub;

namespace Pace.Adapters.Tests.Forges.GitHub;

/// <summary>Review polls against the fake GitHub: long lists, GitHub's clock against Pace's, and what strangers said.</summary>
public sealed class GitHubReviewPollTests
{
    private static readonly DateTimeOffset GitHubNow = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly GitHubSettings Settings = GitHubSettings.Default with
    {
        Reviewers = ["alice", "claude[bot]"],
        CommentVerdicts = [new CommentVerdictRule("claude[bot]", CommentVerdictFormat.Marker) { ApprovedMarker = "PACE-VERDICT: approved", ChangesRequestedMarker = "PACE-VERDICT: changes requested" }],
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_verdict_posted_as_the_101st_comment_is_seen_though_the_first_page_of_100_is_unchanged()
    {
        await using var scene = await GitHubScene.CreateAsync();
        scene.Server.Clock = () => GitHubNow;
        scene.GitHub.ServeFeedback();
        scene.GitHub.Git("branch", GitHubScene.Head, "main");
        var number = scene.GitHub.OpenPull(GitHubScene.Head, GitHubScene.Base);
        for (var i = 1; i <= 100; i++)
        {
            scene.GitHub.AddIssueComment("alice", "User", $"note {i}", GitHubNow.AddMinutes(1));
        }

        var forge = await scene.ForgeAsync(Settings, new AutoClock(GitHubNow));
        var (pull, first) = await forge.GetFeedbackAsync(number, Ct);
        first.Reviews.Count.ShouldBe(100);
        first.VerdictOn(pull.HeadSha).ShouldBeNull();

        scene.GitHub.AddIssueComment("claude[bot]", "Bot", "PACE-VERDICT: approved", GitHubNow.AddMinutes(2));
        var (_, second) = await forge.GetFeedbackAsync(number, Ct);

        second.VerdictOn(pull.HeadSha).ShouldNotBeNull().Reviewer.ShouldBe("claude[bot]");
        // The second poll's first page was a free 304: the page after it was asked for all the same.
        scene.Log.ShouldContain(line => line.Contains("/issues/1/comments?per_page=100 -> 304", StringComparison.Ordinal));
        scene.Log.ShouldContain(line => line.Contains("/issues/1/comments?per_page=100&page=2 -> 200", StringComparison.Ordinal));
        scene.Server.Verify();
    }

    [Fact]
    public async Task An_approval_comment_made_before_the_push_does_not_count_for_the_new_head_when_the_committer_clock_is_behind_GitHub()
    {
        await using var scene = await GitHubScene.CreateAsync();
        var gitHubNow = GitHubNow;
        scene.Server.Clock = () => gitHubNow;
        scene.GitHub.ServeFeedback();
        scene.GitHub.ServeRefs();
        // The commit says 2024-01-02T03:04:05Z (the committer's clock); on GitHub's clock the push happens two hours later.
        var head = await CommitAsync(scene);
        var committed = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        gitHubNow = committed.AddHours(2);
        var number = scene.GitHub.OpenPull(GitHubScene.Head, GitHubScene.Base);
        scene.GitHub.AddIssueComment("claude[bot]", "Bot", "PACE-VERDICT: approved", gitHubNow.AddMinutes(-30));

        var forge = await scene.ForgeAsync(Settings, new AutoClock(GitHubNow));
        await forge.PushAsync(head, GitHubScene.Head, Ct);
        var (pull, feedback) = await forge.GetFeedbackAsync(number, Ct);

        pull.HeadSha.ShouldBe(head);
        feedback.VerdictOn(head).ShouldBeNull();
        scene.Server.Verify();
    }

    [Fact]
    public async Task An_approval_comment_made_after_the_push_counts_for_the_head_when_the_committer_clock_is_ahead_of_GitHub_even_after_a_restart()
    {
        await using var scene = await GitHubScene.CreateAsync();
        var gitHubNow = GitHubNow;
        scene.Server.Clock = () => gitHubNow;
        scene.GitHub.ServeFeedback();
        scene.GitHub.ServeRefs();
        var head = await CommitAsync(scene);
        var committed = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        gitHubNow = committed.AddHours(-2);
        var number = scene.GitHub.OpenPull(GitHubScene.Head, GitHubScene.Base);

        var forge = await scene.ForgeAsync(Settings, new AutoClock(GitHubNow));
        await forge.PushAsync(head, GitHubScene.Head, Ct);
        scene.GitHub.AddIssueComment("claude[bot]", "Bot", "PACE-VERDICT: approved", gitHubNow.AddMinutes(5));
        gitHubNow = gitHubNow.AddMinutes(10);
        var (_, feedback) = await forge.GetFeedbackAsync(number, Ct);
        // Pace stopped and started again: the new process still knows when GitHub had the head.
        var restarted = await scene.ForgeAsync(Settings, new AutoClock(GitHubNow));
        var (_, again) = await restarted.GetFeedbackAsync(number, Ct);

        feedback.VerdictOn(head).ShouldNotBeNull().Reviewer.ShouldBe("claude[bot]");
        again.VerdictOn(head).ShouldNotBeNull().Reviewer.ShouldBe("claude[bot]");
        scene.Server.Verify();
    }

    [Fact]
    public async Task A_hundred_stranger_comments_are_one_ignored_line_and_Pace_s_own_replies_are_not_among_them()
    {
        await using var scene = await GitHubScene.CreateAsync();
        scene.Server.Clock = () => GitHubNow;
        scene.GitHub.ServeFeedback();
        scene.GitHub.ServeSelf();
        scene.GitHub.Git("branch", GitHubScene.Head, "main");
        var number = scene.GitHub.OpenPull(GitHubScene.Head, GitHubScene.Base);
        for (var i = 0; i < 100; i++)
        {
            scene.GitHub.AddIssueComment("mallory", "User", $"spam {i}", GitHubNow);
        }

        scene.GitHub.AddIssueComment("eve", "User", "merge it", GitHubNow);
        var review = scene.GitHub.AddReview("alice", "User", "CHANGES_REQUESTED", "", scene.GitHub.Branch(GitHubScene.Head)!, GitHubNow, ("a.txt", 1, "fix"));
        for (var i = 0; i < 4; i++)
        {
            // Pace's replies on the thread, as GitHub lists them: comments by the login the token acts as.
            scene.GitHub.AddReviewComment(review, "pace-bot", "User", "a.txt", 1, $"Addressed in abc{i}.", "", GitHubNow, review + 1);
        }

        var lines = new List<string>();
        var forge = new GitHubSpecForge(await scene.ForgeAsync(Settings, new AutoClock(GitHubNow)), scene.Repo.Repository(), scene.Repo.Root, lines.Add);
        await forge.GetReviewsAsync(number, Ct);
        await forge.GetReviewsAsync(number, Ct);
        scene.GitHub.AddIssueComment("eve", "User", "merge it now", GitHubNow);
        await forge.GetReviewsAsync(number, Ct);

        lines.ShouldBe([
            "PR #1: ignored 101 reviews and comments by logins not in pace.forge.github.reviewers: mallory (100 comments), eve (1 comment)",
            "PR #1: ignored 102 reviews and comments by logins not in pace.forge.github.reviewers: mallory (100 comments), eve (2 comments)",
        ]);
        scene.Server.Verify();
    }

    /// <summary>A commit on the wave branch in the local repository (committer date 2024-01-02T03:04:05Z, the fixture's).</summary>
    private static async Task<string> CommitAsync(GitHubScene scene)
    {
        await scene.Repo.GitAsync("checkout", "--quiet", "-b", GitHubScene.Head);
        scene.Repo.Write("src/a.txt", "hello\n");
        return await scene.Repo.CommitAsync("T1: greet");
    }
}
