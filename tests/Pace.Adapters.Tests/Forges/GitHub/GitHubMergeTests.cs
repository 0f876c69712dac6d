using Pace.Adapters.Forges.GitHub;
using Pace.Core.Git;

namespace Pace.Adapters.Tests.Forges.GitHub;

public sealed class GitHubMergeTests
{
    private const string Token = "ghp_mergeTestTokenAbCdEf0123456789";
    private const string Reviewed = "1111111111111111111111111111111111111111";
    private const string Moved = "2222222222222222222222222222222222222222";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_head_that_moved_after_the_review_is_a_value_and_nothing_is_merged()
    {
        await using var server = new FakeGitHubServer(Token);
        server.OnSequence("GET", "repos/o/r/pulls/4", FakeResponse.Json(200, Pull(Reviewed)), FakeResponse.Json(200, Pull(Moved)));
        Checks(server, "completed", "success");
        server.On("PUT", "repos/o/r/pulls/4/merge", _ => FakeResponse.Json(409, """{"message": "Head branch was modified. Review and try the merge again.", "documentation_url": "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request"}"""));

        var result = await Forge(server).MergeAsync(4, Reviewed, "wave", "", Ct);

        result.ShouldBe(new GitHubMergeResult.HeadMoved(Reviewed, Moved));
        server.Verify();
    }

    [Fact]
    public async Task A_red_required_check_stops_the_merge_before_it_is_asked_for()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r/pulls/4", _ => FakeResponse.Json(200, Pull(Reviewed)));
        Checks(server, "completed", "failure");

        var result = await Forge(server).MergeAsync(4, Reviewed, "wave", "", Ct);

        result.ShouldBeOfType<GitHubMergeResult.ChecksFailed>().Checks.ShouldBe(["build"]);
        server.Requests.ShouldNotContain(r => r.Method == "PUT");
        server.Verify();
    }

    [Fact]
    public async Task A_failed_required_check_is_named_with_how_it_ended_and_its_link_when_a_spec_merges()
    {
        using var repo = await Support.TempGitRepo.CreateAsync();
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r/pulls/4", _ => FakeResponse.Json(200, Pull(Reviewed)));
        Checks(server, "completed", "failure");
        var forge = new GitHubSpecForge(Forge(server), repo.Repository(), repo.Root);

        var result = await forge.MergeAsync(4, Reviewed, "wave 1\n\n- T1", Ct);

        result.ShouldBe(new Core.Forge.ForgeMergeResult.Refused("a check failed on GitHub, so nothing was merged: build (failure, https://github.example/runs/7)"));
        server.Verify();
    }

    [Fact]
    public async Task Checks_still_pending_when_the_wait_runs_out_leave_the_pull_request_unmerged()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r/pulls/4", _ => FakeResponse.Json(200, Pull(Reviewed)));
        Checks(server, "queued", null);
        var clock = new AutoClock(DateTimeOffset.UnixEpoch);

        var result = await Forge(server, clock, checksTimeout: TimeSpan.FromMinutes(3)).MergeAsync(4, Reviewed, "wave", "", Ct);

        result.ShouldBeOfType<GitHubMergeResult.ChecksPending>().Checks.ShouldBe(["build"]);
        clock.Waits.ShouldBe([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)]);
        server.Requests.ShouldNotContain(r => r.Method == "PUT");
        server.Verify();
    }

    [Fact]
    public async Task A_pull_request_GitHub_cannot_merge_is_a_value_with_GitHub_s_reason()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r/pulls/4", _ => FakeResponse.Json(200, Pull(Reviewed)));
        Checks(server, "completed", "success");
        server.On("PUT", "repos/o/r/pulls/4/merge", request => request.Body.Contains("\"merge_method\":\"squash\"", StringComparison.Ordinal) && request.Body.Contains(Reviewed, StringComparison.Ordinal)
            ? FakeResponse.Json(405, """{"message": "Pull Request is not mergeable"}""")
            : FakeResponse.Json(400, """{"message": "not a pinned squash"}"""));

        var result = await Forge(server).MergeAsync(4, Reviewed, "wave", "", Ct);

        result.ShouldBe(new GitHubMergeResult.NotMergeable("Pull Request is not mergeable"));
        server.Verify();
    }

    [Theory]
    [InlineData("main")]
    [InlineData("master")]
    public async Task Main_and_master_are_never_deleted_and_nothing_is_asked_of_GitHub(string branch)
    {
        await using var server = new FakeGitHubServer(Token);

        await Should.ThrowAsync<ProtectedBranchException>(() => Forge(server).DeleteBranchAsync(branch, Ct));

        server.Requests.ShouldBeEmpty();
        server.Verify();
    }

    [Fact]
    public async Task The_repository_s_default_branch_is_never_deleted()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r", _ => FakeResponse.Json(200, """{"id": 1, "full_name": "o/r", "default_branch": "trunk"}"""));

        var refused = await Should.ThrowAsync<ProtectedBranchException>(() => Forge(server).DeleteBranchAsync("trunk", Ct));

        refused.Message.ShouldContain("default branch");
        server.Requests.ShouldNotContain(r => r.Method == "DELETE");
        server.Verify();
    }

    [Fact]
    public async Task A_branch_GitHub_answers_422_for_but_keeps_is_an_error_with_GitHub_s_reason_not_taken_for_gone()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r", _ => FakeResponse.Json(200, """{"id": 1, "full_name": "o/r", "default_branch": "main"}"""));
        server.On("GET", "repos/o/r/git/ref/heads/feature/x-wave-1", _ => FakeResponse.Json(200, $$"""{"ref": "refs/heads/feature/x-wave-1", "object": {"sha": "{{Reviewed}}", "type": "commit"} }"""));
        server.On("DELETE", "repos/o/r/git/refs/heads/feature/x-wave-1", _ => FakeResponse.Json(422, """{"message": "Validation Failed", "errors": [{"resource": "Reference", "code": "custom", "message": "the endpoint has been spammed"}], "status": "422"}"""));

        var refused = await Should.ThrowAsync<GitHubApiException>(() => Forge(server).DeleteBranchAsync("feature/x-wave-1", Ct));

        refused.Message.ShouldBe("GitHub did not delete branch feature/x-wave-1, which is still there (422: Validation Failed; the endpoint has been spammed)");
        server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/git/ref/heads/feature/x-wave-1", StringComparison.Ordinal)).ShouldBe(2);
        server.Verify();
    }

    [Fact]
    public async Task A_branch_that_is_not_on_GitHub_is_not_deleted_and_costs_no_DELETE()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r", _ => FakeResponse.Json(200, """{"id": 1, "full_name": "o/r", "default_branch": "main"}"""));
        server.On("GET", "repos/o/r/git/ref/heads/**", _ => FakeResponse.Json(404, """{"message": "Not Found"}"""));

        var deleted = await Forge(server).DeleteBranchAsync("feature/x-wave-1-task-a", Ct);

        deleted.ShouldBeFalse();
        server.Requests.ShouldNotContain(r => r.Method == "DELETE");
        server.Verify();
    }

    [Fact]
    public async Task A_failed_required_check_on_the_second_page_of_the_combined_status_stops_the_merge_and_is_named()
    {
        await using var server = new FakeGitHubServer(Token);
        server.On("GET", "repos/o/r/pulls/4", _ => FakeResponse.Json(200, Pull(Reviewed)));
        server.On("GET", $"repos/o/r/commits/{Reviewed}/check-runs", _ => FakeResponse.Json(200, """{"total_count": 0, "check_runs": []}"""));
        var statuses = Enumerable.Range(1, 120).Select(i => i == 120
            ? """{"context": "build", "state": "failure", "description": "2 tests failed", "target_url": "https://ci.example/build/9"}"""
            : $$"""{"context": "lint-{{i}}", "state": "success", "description": null, "target_url": null}""").ToList();
        server.On("GET", $"repos/o/r/commits/{Reviewed}/status", request =>
        {
            var page = request.QueryValue("page") == "2" ? 2 : 1;
            var body = $$"""{"state": "failure", "sha": "{{Reviewed}}", "total_count": 120, "statuses": [{{string.Join(", ", statuses.Skip((page - 1) * 100).Take(100))}}]}""";
            return page == 1
                ? FakeResponse.Json(200, body, ("Link", $"<{server.ApiBase}repos/o/r/commits/{Reviewed}/status?per_page=100&page=2>; rel=\"next\""))
                : FakeResponse.Json(200, body);
        });

        var result = await Forge(server).MergeAsync(4, Reviewed, "wave", "", Ct);

        var failed = result.ShouldBeOfType<GitHubMergeResult.ChecksFailed>();
        failed.Checks.ShouldBe(["build"]);
        failed.Details.ShouldBe(["build (failure, 2 tests failed, https://ci.example/build/9)"]);
        server.Requests.ShouldNotContain(r => r.Method == "PUT");
        server.Verify();
    }

    private static GitHubForge Forge(FakeGitHubServer server, AutoClock? clock = null, TimeSpan? checksTimeout = null)
    {
        clock ??= new AutoClock(DateTimeOffset.UnixEpoch);
        var http = new GitHubHttp(new HttpClient(), server.ApiBase, GitHubToken.Of(Token, "test"), clock);
        var settings = GitHubSettings.Default with { RequiredChecks = ["build"], ChecksTimeout = checksTimeout ?? TimeSpan.FromHours(1) };
        return new GitHubForge(new GitHubClient(http, "o", "r"), settings, clock);
    }

    private static void Checks(FakeGitHubServer server, string status, string? conclusion)
    {
        var outcome = conclusion is null ? "null" : $"\"{conclusion}\"";
        server.On("GET", $"repos/o/r/commits/{Reviewed}/check-runs", _ => FakeResponse.Json(200,
            $$"""{"total_count": 1, "check_runs": [{"id": 7, "head_sha": "{{Reviewed}}", "name": "build", "status": "{{status}}", "conclusion": {{outcome}}, "html_url": "https://github.example/runs/7"}]}"""));
        server.On("GET", $"repos/o/r/commits/{Reviewed}/status", _ => FakeResponse.Json(200, $$"""{"state": "pending", "sha": "{{Reviewed}}", "total_count": 0, "statuses": []}"""));
    }

    private static string Pull(string headSha) =>
        $$"""{"number": 4, "state": "open", "title": "wave", "body": "", "html_url": "https://github.example/o/r/pull/4", "merged": false, "merged_at": null, "merge_commit_sha": null, "head": {"ref": "feature/x-wave-1", "sha": "{{headSha}}"}, "base": {"ref": "feature/x", "sha": "{{Moved}}"} }""";
}
