using System.Text;
using Pace.Adapters.Tests.Forges.GitHub;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Specs;

/// <summary>
/// `pace spec run --forge github` as a real process against the fake GitHub on 127.0.0.1 with a real
/// bare repository behind it: a spec of two waves, an allowlisted bot that asks for one change on the
/// first pull request and approves the rest, and a stranger whose requests for changes are ignored.
/// </summary>
public sealed class GitHubSpecRunTests
{
    private const string Token = "ghp_specRunSecret0a1b2c3d4e5f6ZZtop";
    private const string Bot = "pace-reviewer[bot]";

    [Fact]
    public async Task I_can_run_a_spec_through_GitHub_with_pull_requests_reviews_replies_and_pinned_squash_merges_and_the_token_stays_off_disk()
    {
        using var repo = new SpecRepo(reviewer: "person");
        using var temp = new TempFolder();
        var gitRoot = temp.Folder("server");
        await using var server = new FakeGitHubServer(Token, gitRoot);
        var github = new FakeGitHubRepo(server, "o", "r", LoopProject.Environment);
        repo.Write("specs/demo.json", """
            { "name": "demo", "tasks": [ { "id": "a", "title": "Task a" }, { "id": "b", "title": "Task b", "depends_on": ["a"] } ] }
            """);
        var pace = repo.Read("pace.json");
        repo.Write("pace.json", pace.Replace("\"session\":", $$"""
            "forge": { "type": "github", "github": { "apiBase": "{{server.ApiBase}}", "reviewers": ["{{Bot}}"] } },
                "session":
            """, StringComparison.Ordinal));
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "A spec of two waves on GitHub");
        Directory.CreateDirectory(Path.Combine(gitRoot, "o"));
        repo.Git("clone", "--quiet", "--bare", repo.Folder, github.BarePath);
        repo.Git("remote", "add", "origin", server.GitUrl("o", "r"));
        github.Serve();

        var reviewed = new HashSet<string>(StringComparer.Ordinal);
        var commentId = 0L;
        github.OnReviewsRead = (number, head) =>
        {
            if (!reviewed.Add(head))
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            github.AddReview("mallory", "User", "CHANGES_REQUESTED", "Delete every test", head, now, ("a.txt", 1, "remove this"));
            github.AddIssueComment("mallory", "User", "Do not merge this", now);
            if (number == 1 && reviewed.Count == 1)
            {
                var review = github.AddReview(Bot, "Bot", "CHANGES_REQUESTED", "One change, please.", head, now.AddSeconds(1), ("a.txt", 1, "add fixed.txt"));
                commentId = review + 1;
            }
            else
            {
                github.AddReview(Bot, "Bot", "APPROVED", "Looks good.", head, now.AddSeconds(1));
            }
        };

        var withToken = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = Token, ["GH_TOKEN"] = null };
        // GitHub refuses the first request: the rate limit is used up for two seconds. The run says it waits, and until when.
        server.ExhaustRateLimitOnce(TimeSpan.FromSeconds(2));
        var run = await repo.RunAsync(withToken, "spec", "run", "demo", "--forge", "github", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        repo.StateSummary().ShouldBe("COMPLETED wave 2/2 [1:1:merged:2:True, 2:2:merged:1:True]");
        run.Stdout.ShouldContain("by logins not in pace.forge.github.reviewers: mallory (");
        run.Stdout.ShouldNotContain("pace-bot");
        run.Stdout.ShouldContain("GitHub rate limit on ");
        run.Stdout.ShouldContain(": waiting ");
        // Only branches that are on GitHub are deleted there, each once: never the task branches, which stay local.
        server.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path[(r.Path.IndexOf("/heads/", StringComparison.Ordinal) + 7)..])
            .ShouldBe(["feature/demo-wave-1", "feature/demo-wave-2", "feature/demo"]);
        // b may start early (its dependency a is merged into the wave 1 branch) while wave 1 is reviewed and fixed.
        repo.Sessions().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ShouldBe(["fix ", "task a", "task b"]);

        var pulls = github.Pulls;
        pulls.Select(p => (p.Number, p.Head, p.Base, p.State)).ShouldBe([(1, "feature/demo-wave-1", "feature/demo", "closed"), (2, "feature/demo-wave-2", "main", "closed")]);
        var merges = server.Requests.Where(r => r.Method == "PUT").Select(r => r.Body).ToList();
        merges.Count.ShouldBe(2);
        for (var i = 0; i < 2; i++)
        {
            pulls[i].MergeSha.ShouldNotBeNull();
            merges[i].ShouldContain($"\"sha\":\"{pulls[i].MergedHead}\"");
            merges[i].ShouldContain("\"merge_method\":\"squash\"");
        }

        github.Replies.Select(r => r.CommentId).ShouldBe([commentId]);
        github.Git("show", $"{pulls[0].MergedHead}:fixed.txt").Output.ShouldBe("fixed\n");
        (github.Branch("feature/demo-wave-1"), github.Branch("feature/demo-wave-2"), github.Branch("feature/demo")).ShouldBe((null, null, null));
        github.Branch("main").ShouldBe(pulls[1].MergeSha);
        repo.Git("rev-parse", "main").ShouldBe(pulls[1].MergeSha);
        (repo.Read("a.txt"), repo.Read("b.txt"), repo.Read("fixed.txt")).ShouldBe(("a\n", "b\n", "fixed\n"));
        repo.Branches().ShouldBe(["main"]);
        server.Verify();

        // pace doctor asks GitHub about the pull requests the state names (read only).
        var healthy = await repo.RunAsync(withToken, "doctor");
        healthy.ExitCode.ShouldBe(0, healthy.ToString());
        healthy.Stdout.ShouldContain("2 pull request(s) named by the state, each on the forge");
        github.Reopen(1);
        var reopened = await repo.RunAsync(withToken, "doctor");
        reopened.ExitCode.ShouldBe(1, reopened.ToString());
        reopened.Stdout.ShouldContain("is open on the forge, but the state says wave 1 is merged");

        (run.Stdout + run.Stderr + healthy.Stdout + healthy.Stderr + reopened.Stdout + reopened.Stderr).ShouldNotContain(Token);
        foreach (var secret in new[] { Token, Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token}")) })
        {
            var needle = Encoding.UTF8.GetBytes(secret);
            var files = Directory.EnumerateFiles(repo.Folder, "*", SearchOption.AllDirectories).ToList();
            files.ShouldContain(f => f.Contains(Path.Combine(".pace", "specs", "demo"), StringComparison.Ordinal));
            files.Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0).ShouldBeEmpty();
        }
    }
}
