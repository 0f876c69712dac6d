using Pace.Adapters.Forges.GitHub;

namespace Pace.Adapters.Tests.Forges.GitHub;

public sealed class GitHubHttpTests
{
    private const string Token = "ghp_httpTestToken0123456789abcdefXYZ";

    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task I_can_read_every_page_of_a_list_through_its_link_headers()
    {
        await using var server = new FakeGitHubServer(Token);
        var next = $"<{server.ApiBase}repos/o/r/issues/7/comments?per_page=100&page=2>; rel=\"next\", <{server.ApiBase}repos/o/r/issues/7/comments?per_page=100&page=2>; rel=\"last\"";
        server.On("GET", "repos/o/r/issues/7/comments", request => request.QueryValue("page") == "2"
            ? FakeResponse.Json(200, Comments(3, "carol"))
            : FakeResponse.Json(200, Comments(1, "alice") + "", ("Link", next)));
        var (client, _, _) = Client(server);

        var comments = await client.IssueCommentsAsync(7, Ct);

        comments.Select(c => c.User!.Login).ShouldBe(["alice", "carol"]);
        server.Requests.Select(r => r.QueryValue("page") ?? "1").ShouldBe(["1", "2"]);
        server.Requests.ShouldAllBe(r => r.QueryValue("per_page") == "100");
        server.Verify();
    }

    [Fact]
    public async Task A_poll_that_finds_nothing_new_is_a_conditional_request_answered_304()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r/pulls/3/reviews", request => request.Header("if-none-match") == "\"v1\""
            ? FakeResponse.Empty(304, ("ETag", "\"v1\""))
            : FakeResponse.Json(200, """[{"id": 9, "user": {"login": "alice", "type": "User"}, "body": "ok", "state": "APPROVED", "commit_id": "abc", "submitted_at": "2025-03-01T10:00:00Z"}]""", ("ETag", "\"v1\"")));
        var (client, _, log) = Client(server);

        var first = await client.ReviewsAsync(3, Ct);
        var second = await client.ReviewsAsync(3, Ct);

        second.ShouldBe(first);
        second.Single().State.ShouldBe("APPROVED");
        server.Requests[0].Header("if-none-match").ShouldBeNull();
        server.Requests[1].Header("if-none-match").ShouldBe("\"v1\"");
        log.ShouldContain(line => line.Contains("304 not modified", StringComparison.Ordinal));
        server.Verify();
    }

    [Fact]
    public async Task A_secondary_rate_limit_is_waited_out_for_as_long_as_Retry_After_says()
    {
        await using var server = new FakeGitHubServer(Token);
        server.OnSequence("GET", "repos/o/r",
            FakeResponse.Json(403, """{"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""", ("Retry-After", "42")),
            FakeResponse.Json(429, """{"message": "Too many requests"}""", ("Retry-After", "7")),
            FakeResponse.Json(200, """{"id": 1, "default_branch": "trunk"}"""));
        var (client, clock, _) = Client(server);

        var repository = await client.RepositoryAsync(Ct);

        repository.DefaultBranch.ShouldBe("trunk");
        clock.Waits.ShouldBe([TimeSpan.FromSeconds(42), TimeSpan.FromSeconds(7)]);
        server.Verify();
    }

    [Fact]
    public async Task With_no_requests_left_Pace_waits_for_the_rate_limit_reset_before_asking_again()
    {
        await using var server = new FakeGitHubServer(Token);
        var reset = Start.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        server.OnSequence("GET", "repos/o/r",
            FakeResponse.Json(200, """{"default_branch": "main"}""", ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset)),
            FakeResponse.Json(200, """{"default_branch": "main"}""", ("X-RateLimit-Remaining", "4999"), ("X-RateLimit-Reset", reset)));
        var (client, clock, _) = Client(server);

        await client.RepositoryAsync(Ct);
        clock.Waits.ShouldBeEmpty();
        await client.RepositoryAsync(Ct);

        clock.Waits.ShouldBe([TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1)]);
        client.Http.RateLimitRemaining.ShouldBe(4999);
        server.Verify();
    }

    [Fact]
    public async Task A_rate_limit_wait_is_announced_with_when_it_ends()
    {
        await using var server = new FakeGitHubServer(Token);
        var reset = Start.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        server.OnSequence("GET", "repos/o/r",
            FakeResponse.Json(200, """{"default_branch": "main"}""", ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset)),
            FakeResponse.Json(403, """{"message": "You have exceeded a secondary rate limit."}""", ("Retry-After", "42")),
            FakeResponse.Json(200, """{"default_branch": "main"}"""));
        var notices = new List<string>();
        var http = new GitHubHttp(new HttpClient(), server.ApiBase, GitHubToken.Of(server.Token, "test"), new AutoClock(Start), notices: notices.Add);
        var client = new GitHubClient(http, "o", "r");

        await client.RepositoryAsync(Ct);
        await client.RepositoryAsync(Ct);

        notices.ShouldBe([
            "GitHub rate limit used up: waiting 10 min 1 s for its reset (until 2025-03-01 12:10:01 UTC)",
            "GitHub rate limit on /repos/o/r: waiting 42 s (until 2025-03-01 12:10:43 UTC), then trying again (1 of 5)",
        ]);
        server.Verify();
    }

    [Fact]
    public async Task A_primary_limit_403_waits_for_the_reset_and_a_permission_403_fails_at_once()
    {
        await using var server = new FakeGitHubServer(Token);
        var reset = Start.AddSeconds(90).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        server.OnSequence("GET", "repos/o/r",
            FakeResponse.Json(403, """{"message": "API rate limit exceeded"}""", ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset)),
            FakeResponse.Json(200, """{"default_branch": "main"}"""));
        server.On("GET", "repos/o/r/commits/*", _ => FakeResponse.Json(403, """{"message": "Resource not accessible by integration"}"""));
        var (client, clock, _) = Client(server);

        await client.RepositoryAsync(Ct);
        var refused = await Should.ThrowAsync<GitHubApiException>(() => client.CommitAsync("abc", Ct));

        clock.Waits.ShouldBe([TimeSpan.FromSeconds(91)]);
        refused.Status.ShouldBe(403);
        refused.Message.ShouldContain("Resource not accessible by integration");
        server.Verify();
    }

    [Fact]
    public async Task A_422_is_an_error_with_GitHub_s_explanation_and_never_the_token()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("POST", "repos/o/r/issues/5/comments", _ => FakeResponse.Json(422,
            $$"""{"message": "Validation Failed", "errors": [{"resource": "IssueComment", "code": "custom", "message": "body echoed {{Token}}"}], "documentation_url": "https://docs.github.com/rest", "status": "422"}"""));
        var (client, _, log) = Client(server);

        var error = await Should.ThrowAsync<GitHubApiException>(() => client.CommentAsync(5, "hello", Ct));

        error.Status.ShouldBe(422);
        error.Message.ShouldContain("Validation Failed; body echoed [redacted]");
        error.Message.ShouldNotContain(Token);
        log.ShouldNotBeEmpty();
        log.ShouldAllBe(line => !line.Contains(Token, StringComparison.Ordinal));
        server.Verify();
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed_so_the_token_stays_home()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r/pulls/2/comments", _ => FakeResponse.Json(200, "[]", ("Link", "<https://evil.example/steal?page=2>; rel=\"next\"")));
        var (client, _, _) = Client(server);

        var error = await Should.ThrowAsync<GitHubApiException>(() => client.ReviewCommentsAsync(2, Ct));

        error.Message.ShouldContain("outside the API base");
        server.Verify();
    }

    internal static (GitHubClient Client, AutoClock Clock, List<string> Log) Client(FakeGitHubServer server)
    {
        var clock = new AutoClock(Start);
        var log = new List<string>();
        var http = new GitHubHttp(new HttpClient(), server.ApiBase, GitHubToken.Of(server.Token, "test"), clock, line =>
        {
            lock (log)
            {
                log.Add(line);
            }
        });
        return (new GitHubClient(http, "o", "r"), clock, log);
    }

    private static string Comments(long id, string login) =>
        $$"""[{"id": {{id}}, "user": {"login": "{{login}}", "type": "User"}, "body": "hi", "created_at": "2025-03-01T10:00:00Z"}]""";
}
