using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pace.Adapters.Tests.Forges.GitHub;

internal sealed partial class FakeGitHubRepo
{
    /// <summary>Registers the routes Pace's whole flow uses; each must be requested before the test ends.</summary>
    public void Serve()
    {
        var repo = $"repos/{owner}/{name}";
        ServeFeedback();
        server.On("GET", repo, _ => FakeResponse.Json(200, $$"""{"id": 1, "name": "{{name}}", "full_name": "{{owner}}/{{name}}", "default_branch": "main", "private": true}"""));
        server.On("GET", $"{repo}/pulls", request => Listed(request, ListPulls(request)));
        server.On("POST", $"{repo}/pulls", Create);
        ServeSelf();
        ServeRefs();
        server.On("GET", $"{repo}/commits/*/check-runs", request => Checks(request.Path.Split('/')[^2]));
        server.On("GET", $"{repo}/commits/*/status", request => FakeResponse.Json(200, $$"""{"state": "pending", "sha": "{{request.Path.Split('/')[^2]}}", "total_count": 0, "statuses": []}"""));
        server.On("PUT", $"{repo}/pulls/*/merge", Merge);
        server.On("DELETE", $"{repo}/git/refs/heads/**", request => DeleteBranch(request.Path[(request.Path.IndexOf("/refs/heads/", StringComparison.Ordinal) + 12)..]));
        server.On("POST", $"{repo}/pulls/*/comments/*/replies", Reply);
    }

    /// <summary>The routes a review poll reads: the pull request, its reviews, review comments and conversation comments.</summary>
    public void ServeFeedback()
    {
        var repo = $"repos/{owner}/{name}";
        server.On("GET", $"{repo}/pulls/*", request => Find(request) is { } pull ? FakeResponse.Json(200, Json(pull, full: true)) : NotFound());
        server.On("GET", $"{repo}/pulls/*/reviews", request => Listed(request, PollReviews(Find(request))));
        server.On("GET", $"{repo}/pulls/*/comments", request => Listed(request, Locked(() => _reviewComments)));
        server.On("GET", $"{repo}/issues/*/comments", request => Listed(request, Locked(() => _issueComments)));
    }

    /// <summary>GET git/ref/heads/BRANCH: where a branch of the bare repository is (Pace asks after each push and before each delete).</summary>
    public void ServeRefs() =>
        server.On("GET", $"repos/{owner}/{name}/git/ref/heads/**", request => Ref(request.Path[(request.Path.IndexOf("/ref/heads/", StringComparison.Ordinal) + 11)..]));

    /// <summary>GET /user: the login the token acts as (the author of Pace's replies in this fake).</summary>
    public void ServeSelf() =>
        server.On("GET", "user", _ => FakeResponse.Json(200, $$"""{"login": "pace-bot", "id": 7, "type": "User", "site_admin": false}"""));

    /// <summary>The route that edits a pull request's title and body (only tests that edit register it: every route must be used).</summary>
    public void ServeEdits()
    {
        server.On("PATCH", $"repos/{owner}/{name}/pulls/*", request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            var pull = Find(request)!;
            lock (_lock)
            {
                pull.Title = body.RootElement.GetProperty("title").GetString()!;
                pull.Body = body.RootElement.GetProperty("body").GetString()!;
                return FakeResponse.Json(200, Json(pull, full: true));
            }
        });
    }

    private FakeResponse Create(FakeRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var head = body.RootElement.GetProperty("head").GetString()!;
        var @base = body.RootElement.GetProperty("base").GetString()!;
        if (Branch(head) is null || Branch(@base) is null)
        {
            return FakeResponse.Json(422, """{"message": "Validation Failed", "errors": [{"resource": "PullRequest", "field": "head", "code": "invalid"}], "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request", "status": "422"}""");
        }

        lock (_lock)
        {
            if (_pulls.Any(p => p.Head == head && p.Base == @base && p.State == "open"))
            {
                return FakeResponse.Json(422, $$"""{"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom", "message": "A pull request already exists for {{owner}}:{{head}}."}], "status": "422"}""");
            }

            var pull = new Pull { Number = _pulls.Count + 1, Head = head, Base = @base, Title = body.RootElement.GetProperty("title").GetString()!, Body = body.RootElement.GetProperty("body").GetString()! };
            _pulls.Add(pull);
            PullsCreated++;
            return FakeResponse.Json(201, Json(pull, full: true));
        }
    }

    private FakeResponse Merge(FakeRequest request)
    {
        var pull = Find(request)!;
        using var body = JsonDocument.Parse(request.Body);
        if (body.RootElement.GetProperty("merge_method").GetString() != "squash")
        {
            return FakeResponse.Json(405, """{"message": "Merge commits are not allowed on this repository."}""");
        }

        var head = Branch(pull.Head)!;
        if (body.RootElement.GetProperty("sha").GetString() != head)
        {
            return FakeResponse.Json(409, """{"message": "Head branch was modified. Review and try the merge again."}""");
        }

        var @base = Branch(pull.Base)!;
        var (code, tree) = Git("merge-tree", "--write-tree", @base, head);
        if (code != 0)
        {
            return FakeResponse.Json(405, """{"message": "Pull Request is not mergeable"}""");
        }

        var (_, commit) = Git("commit-tree", tree.Split('\n')[0], "-p", @base, "-m", body.RootElement.GetProperty("commit_title").GetString()!);
        Git("update-ref", $"refs/heads/{pull.Base}", commit.Trim(), @base);
        pull.State = "closed";
        pull.MergeSha = commit.Trim();
        pull.MergedHead = head;
        return FakeResponse.Json(200, $$"""{"sha": "{{pull.MergeSha}}", "merged": true, "message": "Pull Request successfully merged"}""");
    }

    private FakeResponse DeleteBranch(string branch)
    {
        if (Branch(branch) is null)
        {
            return FakeResponse.Json(422, """{"message": "Reference does not exist", "documentation_url": "https://docs.github.com/rest/git/refs#delete-a-reference", "status": "422"}""");
        }

        Git("update-ref", "-d", $"refs/heads/{branch}");
        return FakeResponse.Empty(204);
    }

    private FakeResponse Reply(FakeRequest request)
    {
        var commentId = long.Parse(request.Path.Split('/')[^2], CultureInfo.InvariantCulture);
        using var body = JsonDocument.Parse(request.Body);
        var text = body.RootElement.GetProperty("body").GetString()!;
        lock (_lock)
        {
            Replies.Add((commentId, text));
        }

        var id = AddReviewComment(0, "pace-bot", "User", "src/a.txt", 1, text, "", DateTimeOffset.UnixEpoch, commentId);
        return FakeResponse.Json(201, $$"""{"id": {{id}}, "in_reply_to_id": {{commentId}}, "path": "src/a.txt", "line": 1, "body": {{Str(text)}}, "user": {{User("pace-bot", "User")}}, "created_at": "2025-03-01T12:00:00Z"}""");
    }

    private FakeResponse Ref(string branch) =>
        Branch(branch) is { } sha
            ? FakeResponse.Json(200, $$"""{"ref": "refs/heads/{{branch}}", "node_id": "REF_1", "url": "{{server.ApiBase}}repos/{{owner}}/{{name}}/git/refs/heads/{{branch}}", "object": {"sha": "{{sha}}", "type": "commit"} }""")
            : NotFound();

    private FakeResponse Checks(string sha)
    {
        int n;
        lock (_lock)
        {
            n = _checkQueries[sha] = _checkQueries.GetValueOrDefault(sha) + 1;
        }

        var runs = CheckRuns(sha, n).Select((r, i) =>
            $$"""{"id": {{i + 1}}, "head_sha": "{{sha}}", "name": {{Str(r.Name)}}, "status": "{{r.Status}}", "conclusion": {{(r.Conclusion is null ? "null" : Str(r.Conclusion))}}, "html_url": "https://github.example/runs/{{i + 1}}", "app": {"slug": "github-actions"} }""");
        var list = runs.ToList();
        return FakeResponse.Json(200, $$"""{"total_count": {{list.Count}}, "check_runs": [{{string.Join(", ", list)}}]}""");
    }

    private List<string> PollReviews(Pull? pull)
    {
        List<Action> due;
        lock (_lock)
        {
            ReviewPolls++;
            due = [.. _scheduled.Where(s => s.AtPoll == ReviewPolls).Select(s => s.Act)];
        }

        foreach (var act in due)
        {
            act();
        }

        if (pull is not null && OnReviewsRead is { } read)
        {
            read(pull.Number, pull.MergedHead ?? Branch(pull.Head) ?? "");
        }

        return Locked(() => _reviews);
    }

    private List<string> ListPulls(FakeRequest request)
    {
        var head = request.QueryValue("head");
        lock (_lock)
        {
            return [.. _pulls.Where(p => p.State == request.QueryValue("state") && (head is null || $"{owner}:{p.Head}" == head)).Select(p => Json(p, full: false))];
        }
    }

    /// <summary>
    /// One page of a list as GitHub pages it (per_page, page, a Link header naming the next and last
    /// pages). The ETag covers the page's body only and a 304 carries no Link: GitHub documents neither,
    /// so the fake takes the narrowest reading, under which a full last page stays 304 while the list grows.
    /// </summary>
    private FakeResponse Listed(FakeRequest request, List<string> items)
    {
        var perPage = int.TryParse(request.QueryValue("per_page"), CultureInfo.InvariantCulture, out var size) ? Math.Clamp(size, 1, 100) : 30;
        var page = int.TryParse(request.QueryValue("page"), CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;
        var body = "[" + string.Join(", ", items.Skip((page - 1) * perPage).Take(perPage)) + "]";
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..16] + "\"";
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        (string, string)[] headers = page < last
            ? [("ETag", etag), ("Link", $"<{PageUrl(request, page + 1)}>; rel=\"next\", <{PageUrl(request, last)}>; rel=\"last\"")]
            : [("ETag", etag)];
        // A 304 carries the ETag alone: what the Link header would say then is left to the client's cache.
        return request.Header("if-none-match") == etag ? FakeResponse.Empty(304, ("ETag", etag)) : FakeResponse.Json(200, body, headers);
    }

    private string PageUrl(FakeRequest request, int page)
    {
        var query = request.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("page=", StringComparison.Ordinal));
        return $"http://127.0.0.1:{server.Port}{request.Path}?{string.Join('&', query.Append($"page={page}"))}";
    }

    private Pull? Find(FakeRequest request)
    {
        var number = int.Parse(request.Path.Split('/')[7], CultureInfo.InvariantCulture);
        lock (_lock)
        {
            return _pulls.FirstOrDefault(p => p.Number == number);
        }
    }

    private string Json(Pull pull, bool full)
    {
        var headSha = pull.MergedHead ?? Branch(pull.Head) ?? "0000000000000000000000000000000000000000";
        var merged = full ? $", \"merged\": {(pull.MergeSha is null ? "false" : "true")}, \"mergeable\": true" : "";
        var mergedAt = pull.MergeSha is null ? "null" : "\"2025-03-01T12:00:00Z\"";
        var mergeSha = pull.MergeSha is null ? "null" : $"\"{pull.MergeSha}\"";
        return $$"""{"url": "{{server.ApiBase}}repos/{{owner}}/{{name}}/pulls/{{pull.Number}}", "id": {{pull.Number + 5000}}, "number": {{pull.Number}}, "state": "{{pull.State}}", "locked": false, "title": {{Str(pull.Title)}}, "user": {{User("pace-bot", "User")}}, "body": {{Str(pull.Body)}}, "html_url": "https://github.example/{{owner}}/{{name}}/pull/{{pull.Number}}", "merged_at": {{mergedAt}}, "merge_commit_sha": {{mergeSha}}, "draft": false, "head": {"label": "{{owner}}:{{pull.Head}}", "ref": {{Str(pull.Head)}}, "sha": "{{headSha}}"}, "base": {"label": "{{owner}}:{{pull.Base}}", "ref": {{Str(pull.Base)}}, "sha": "{{Branch(pull.Base)}}"}{{merged}}}""";
    }

    private List<string> Locked(Func<List<string>> items)
    {
        lock (_lock)
        {
            return [.. items()];
        }
    }

    private static FakeResponse NotFound() => FakeResponse.Json(404, """{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}""");
}
