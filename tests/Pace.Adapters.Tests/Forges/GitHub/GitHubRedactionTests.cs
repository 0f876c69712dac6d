namespace Pace.Adapters.Tests.Forges.GitHub;

/// <summary>What Pace sends to GitHub (pull request bodies, comments) quotes agents and checks: it leaves redacted.</summary>
public sealed class GitHubRedactionTests
{
    private const string Token = "ghp_redactionTestToken0123456789abcdXYZ";

    [Fact]
    public async Task A_comment_quoting_a_token_an_agent_repeated_reaches_GitHub_redacted()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("POST", "repos/o/r/issues/5/comments", _ => FakeResponse.Json(201, """{"id": 1, "body": "x", "user": {"login": "pace", "type": "User"}, "created_at": "2025-03-01T10:00:00Z"}"""));
        var (client, _, _) = GitHubHttpTests.Client(server);
        const string said = "sk-ant-api03-abcdefghij0123456789ABCDEFGHIJ";

        await client.CommentAsync(5, $"The agent said: my key is {said}, and GitHub has {Token}.", TestContext.Current.CancellationToken);

        var body = server.Requests.ShouldHaveSingleItem().Body;
        body.ShouldContain("my key is [REDACTED], and GitHub has [REDACTED].");
        body.ShouldNotContain(said);
        body.ShouldNotContain(Token);
        server.Verify();
    }
}
