using System.Text;
using Pace.Adapters.Config;
using Pace.Adapters.Forges.GitHub;
using Pace.Core.Diagnostics;

namespace Pace.Adapters.Tests.Forges.GitHub;

public sealed class GitHubSettingsTests
{
    [Fact]
    public void I_can_configure_GitHub_Enterprise_reviewers_and_a_comment_only_bot_in_pace_json()
    {
        var settings = Parse("""
            {
              // comments are allowed, as everywhere in pace.json
              "pace": { "forge": { "github": {
                "apiBase": "https://github.example.com/api/v3",
                "owner": "acme", "repo": "rocket", "remote": "upstream",
                "reviewers": ["alice", "claude[bot]"],
                "commentVerdicts": { "claude[bot]": { "format": "marker", "approved": "VERDICT: approved", "changesRequested": "VERDICT: changes" } },
                "requiredChecks": ["build", "test"],
                "pollIntervalSeconds": 45, "checksTimeoutMinutes": 20,
              } } }
            }
            """);

        settings.ApiBase.ShouldBe(new Uri("https://github.example.com/api/v3"));
        (settings.Owner, settings.Repo, settings.Remote).ShouldBe(("acme", "rocket", "upstream"));
        settings.Reviewers.ShouldBe(["alice", "claude[bot]"]);
        settings.CommentVerdicts.ShouldBe([new CommentVerdictRule("claude[bot]", CommentVerdictFormat.Marker) { ApprovedMarker = "VERDICT: approved", ChangesRequestedMarker = "VERDICT: changes" }]);
        settings.RequiredChecks.ShouldBe(["build", "test"]);
        (settings.PollInterval, settings.ChecksTimeout).ShouldBe((TimeSpan.FromSeconds(45), TimeSpan.FromMinutes(20)));
    }

    [Fact]
    public void Without_a_github_section_the_defaults_allow_no_reviewer_at_all()
    {
        var settings = Parse("""{"pace": {"agent": "claude"}}""");

        settings.ShouldBe(GitHubSettings.Default);
        settings.Reviewers.ShouldBeEmpty();
        settings.IsReviewer("claude[bot]").ShouldBeFalse();
    }

    [Fact]
    public void A_comment_rule_for_someone_not_allowed_to_review_is_an_error_at_its_line_and_column()
    {
        var error = Should.Throw<InputException>(() => Parse("""
            {"pace": {"forge": {"github": {
              "reviewers": ["alice"],
              "commentVerdicts": {"claude[bot]": {"format": "json"}}
            }}}}
            """));

        var diagnostic = error.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.File, diagnostic.Line, diagnostic.Column).ShouldBe(("pace.json", 3, 38));
        diagnostic.Message.ShouldContain("not in pace.forge.github.reviewers");
    }

    [Fact]
    public void Wrong_types_and_values_are_each_reported_with_where_they_are()
    {
        var error = Should.Throw<InputException>(() => Parse("""
            {"pace": {"forge": {"github": {
              "apiBase": "ftp://nope",
              "reviewers": "alice",
              "pollIntervalSeconds": 0,
              "commentVerdicts": {"alice": {"format": "marker", "approved": "ok", "changesRequested": "ok"}}
            }}}}
            """));

        error.Diagnostics.Select(d => d.Line).ShouldBe([2, 3, 4, 5]);
        error.Diagnostics.Select(d => d.Message).ShouldContain(m => m.Contains("apiBase", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://github.com/acme/rocket.git", "github.com", "acme", "rocket", "https://api.github.com/")]
    [InlineData("git@github.com:acme/rocket.git", "github.com", "acme", "rocket", "https://api.github.com/")]
    [InlineData("ssh://git@ghe.example.com/acme/rocket", "ghe.example.com", "acme", "rocket", "https://ghe.example.com/api/v3/")]
    [InlineData("http://127.0.0.1:8123/git/o/r.git", "127.0.0.1:8123", "o", "r", "https://127.0.0.1:8123/api/v3/")]
    public void I_can_read_owner_and_repository_from_a_remote_url(string url, string host, string owner, string repo, string api)
    {
        var remote = GitHubRemote.Parse(url).ShouldNotBeNull();

        (remote.Host, remote.Owner, remote.Repo).ShouldBe((host, owner, repo));
        remote.DefaultApiBase.ShouldBe(new Uri(api));
    }

    [Theory]
    [InlineData("/srv/git/rocket.git")]
    [InlineData("https://github.com/justone")]
    public void A_remote_url_without_owner_and_repository_is_not_guessed(string url) => GitHubRemote.Parse(url).ShouldBeNull();

    private static GitHubSettings Parse(string json) => PaceSettings.Parse("pace.json", Encoding.UTF8.GetBytes(json)).GitHub;
}
