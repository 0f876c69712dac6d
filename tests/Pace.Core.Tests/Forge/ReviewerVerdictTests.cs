using Pace.Core.Forge;

namespace Pace.Core.Tests.Forge;

public sealed class ReviewerVerdictTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_request_for_changes_gives_its_blocking_comments_with_file_and_line_and_its_future_items()
    {
        var review = ReviewerVerdict.Parse("claude", """
            {"verdict": "changes_requested", "summary": "Two problems.",
             "blocking": [{"file": "src/a.py", "line": 12, "comment": "handle empty input"}],
             "future": ["cache the index"]}
            """, "abc", At);

        review.Kind.ShouldBe(ReviewKind.ChangesRequested);
        review.IsVerdict.ShouldBeTrue();
        review.Body.ShouldBe("Two problems.");
        review.Blocking.ShouldBe([new ReviewComment("handle empty input", "src/a.py", 12)]);
        review.Blocking[0].ToString().ShouldBe("src/a.py:12: handle empty input");
        review.FutureItems.ShouldBe(["cache the index"]);
        review.HeadSha.ShouldBe("abc");
    }

    [Fact]
    public void An_approval_in_a_fenced_block_is_read()
    {
        var review = ReviewerVerdict.Parse("r", "```json\n{\"verdict\": \"approved\", \"summary\": \"fine\", \"blocking\": []}\n```", "abc", At);

        review.Kind.ShouldBe(ReviewKind.Approved);
        review.Blocking.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Looks good to me!", "not JSON")]
    [InlineData("", "not JSON")]
    [InlineData("""{"verdict": "lgtm", "summary": "x", "blocking": []}""", "\"verdict\" must be")]
    [InlineData("""{"verdict": "approved", "summary": "x", "blocking": [], "score": 5}""", "unknown key \"score\"")]
    [InlineData("""{"verdict": "approved", "blocking": []}""", "\"summary\" must be a non-empty string")]
    [InlineData("""{"verdict": "approved", "summary": "x", "blocking": [{"file": "a", "line": 1, "comment": "c"}]}""", "an approval cannot have blocking comments")]
    [InlineData("""{"verdict": "changes_requested", "summary": "x", "blocking": []}""", "without any blocking comment")]
    [InlineData("""{"verdict": "changes_requested", "summary": "x", "blocking": [{"file": "a", "line": 0, "comment": "c"}]}""", "\"line\" of a blocking comment")]
    [InlineData("""{"verdict": "changes_requested", "summary": "x", "blocking": [{"line": 3, "comment": "c"}]}""", "\"file\" must be")]
    [InlineData("""I approve. {"verdict": "approved", "summary": "x", "blocking": []}""", "not JSON")]
    public void Output_that_is_not_exactly_a_verdict_is_recorded_as_unreadable_and_never_approves(string message, string problem)
    {
        var review = ReviewerVerdict.Parse("r", message, "abc", At);

        review.Kind.ShouldBe(ReviewKind.Unreadable);
        review.IsVerdict.ShouldBeFalse();
        review.Body.ShouldContain(problem);
    }
}
