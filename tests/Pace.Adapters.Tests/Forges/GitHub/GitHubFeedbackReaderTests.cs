using Pace.Adapters.Forges.GitHub;

namespace Pace.Adapters.Tests.Forges.GitHub;

public sealed class GitHubFeedbackReaderTests
{
    private const string HeadSha = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly DateTimeOffset Made = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly GitHubSettings Settings = GitHubSettings.Default with
    {
        Reviewers = ["alice", "claude[bot]", "rabbit[bot]"],
        CommentVerdicts =
        [
            new CommentVerdictRule("claude[bot]", CommentVerdictFormat.Marker) { ApprovedMarker = "VERDICT: approved", ChangesRequestedMarker = "VERDICT: changes" },
            new CommentVerdictRule("rabbit[bot]", CommentVerdictFormat.Json),
        ],
    };

    [Fact]
    public void A_login_that_merely_contains_an_allowed_name_is_ignored()
    {
        var feedback = Read(comments: [Comment(1, "claude", "VERDICT: approved"), Comment(2, "not-claude[bot]", "VERDICT: approved"), Comment(3, "Claude[Bot]", "VERDICT: approved")]);

        feedback.Ignored.Select(i => i.Author).ShouldBe(["claude", "not-claude[bot]"]);
        feedback.VerdictOn(HeadSha)!.Reviewer.ShouldBe("Claude[Bot]");
    }

    [Fact]
    public void A_comment_from_a_reviewer_without_a_rule_is_only_a_comment_even_with_a_marker()
    {
        var feedback = Read(comments: [Comment(1, "alice", "VERDICT: approved")]);

        feedback.Reviews.Single().Kind.ShouldBe(GitHubReviewKind.Commented);
        feedback.VerdictOn(HeadSha).ShouldBeNull();
    }

    [Fact]
    public void A_marker_comment_made_before_the_head_commit_says_nothing_about_the_head()
    {
        var feedback = Read(comments: [Comment(1, "claude[bot]", "VERDICT: approved", Made.AddMinutes(-5))]);

        feedback.Reviews.Single().Kind.ShouldBe(GitHubReviewKind.Approved);
        feedback.Reviews.Single().HeadSha.ShouldBe("");
        feedback.VerdictOn(HeadSha).ShouldBeNull();
    }

    [Fact]
    public void A_marker_comment_asking_for_changes_carries_the_rest_of_the_comment_as_the_blocking_item()
    {
        var verdict = Read(comments: [Comment(1, "claude[bot]", "Two problems.\nVERDICT: changes\n- the loop never ends")]).VerdictOn(HeadSha)!;

        verdict.Kind.ShouldBe(GitHubReviewKind.ChangesRequested);
        verdict.Blocking.Single().Text.ShouldBe("Two problems.\n- the loop never ends");
    }

    [Theory]
    [InlineData("VERDICT: approved\nVERDICT: changes\nboth")]
    [InlineData("VERDICT: changes")]
    public void A_marker_comment_that_cannot_be_read_is_unreadable_and_never_an_approval(string body)
    {
        var feedback = Read(comments: [Comment(1, "claude[bot]", body)]);

        feedback.Reviews.Single().Kind.ShouldBe(GitHubReviewKind.Unreadable);
        feedback.VerdictOn(HeadSha).ShouldBeNull();
    }

    [Fact]
    public void A_json_block_in_a_comment_gives_a_verdict_with_file_and_line()
    {
        var body = "Review done.\n```json\n{\"verdict\": \"changes_requested\", \"summary\": \"one bug\", \"blocking\": [{\"file\": \"src/a.cs\", \"line\": 12, \"comment\": \"off by one\"}], \"future\": []}\n```\n";
        var verdict = Read(comments: [Comment(1, "rabbit[bot]", body)]).VerdictOn(HeadSha)!;

        (verdict.Kind, verdict.Body).ShouldBe((GitHubReviewKind.ChangesRequested, "one bug"));
        verdict.Blocking.ShouldBe([new GitHubReviewComment("off by one", "src/a.cs", 12)]);
    }

    [Theory]
    [InlineData("```json\n{\"verdict\": \"approved\", \"blocking\": [{\"file\": \"a\", \"line\": 1, \"comment\": \"x\"}]}\n```")]
    [InlineData("```json\n{\"verdict\": \"lgtm\", \"blocking\": []}\n```")]
    [InlineData("```json\n{\"verdict\": \"approved\", \"blocking\": [], \"extra\": 1}\n```")]
    [InlineData("```json\n{\"verdict\": \"approved\", \n```")]
    public void A_json_block_that_breaks_the_format_is_unreadable(string body)
    {
        Read(comments: [Comment(1, "rabbit[bot]", body)]).Reviews.Single().Kind.ShouldBe(GitHubReviewKind.Unreadable);
    }

    [Fact]
    public void A_request_for_changes_outweighs_an_approval_and_only_reviews_on_the_head_count()
    {
        var feedback = Read(
            reviews:
            [
                new WireReview(1, new WireUser("alice", "User"), "stale", "CHANGES_REQUESTED", "aaaa", Made.AddMinutes(1)),
                new WireReview(2, new WireUser("alice", "User"), "", "APPROVED", HeadSha, Made.AddMinutes(2)),
                new WireReview(3, new WireUser("mallory", "User"), "no", "CHANGES_REQUESTED", HeadSha, Made.AddMinutes(3)),
            ],
            comments: [Comment(4, "claude[bot]", "VERDICT: changes\nrename it", Made.AddMinutes(4))]);

        var verdict = feedback.VerdictOn(HeadSha)!;
        (verdict.Kind, verdict.Reviewer).ShouldBe((GitHubReviewKind.ChangesRequested, "claude[bot]"));
        feedback.Ignored.Single().ShouldBe(new IgnoredFeedback("mallory", "review", 3, Made.AddMinutes(3)));
    }

    private static GitHubFeedback Read(IReadOnlyList<WireReview>? reviews = null, IReadOnlyList<WireIssueComment>? comments = null) =>
        GitHubFeedbackReader.Read(Settings, reviews ?? [], [], comments ?? [], HeadSha, Made);

    private static WireIssueComment Comment(long id, string login, string body, DateTimeOffset? at = null) =>
        new(id, new WireUser(login, login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) ? "Bot" : "User"), body, at ?? Made.AddMinutes(id));
}
