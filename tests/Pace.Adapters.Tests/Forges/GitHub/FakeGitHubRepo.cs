using System.Text.Json;
using Pace.Adapters.Processes;

namespace Pace.Adapters.Tests.Forges.GitHub;

/// <summary>
/// One repository on the fake GitHub, kept as GitHub keeps it: pull requests over the branches of
/// a real bare repository, reviews, review comments, issue comments and checks, answered with the
/// shapes GitHub documents and with ETags on the lists. A merge really squashes in the bare repository.
/// </summary>
internal sealed partial class FakeGitHubRepo(FakeGitHubServer server, string owner, string name, IReadOnlyDictionary<string, string?> gitEnvironment)
{
    private readonly Lock _lock = new();
    private readonly List<Pull> _pulls = [];
    private readonly List<string> _reviews = [];
    private readonly List<string> _reviewComments = [];
    private readonly List<string> _issueComments = [];
    private readonly List<(int AtPoll, Action Act)> _scheduled = [];
    private readonly Dictionary<string, int> _checkQueries = new(StringComparer.Ordinal);
    private long _nextId = 1000;

    public string BarePath => Path.Combine(server.GitRoot!, owner, name + ".git");

    public int PullsCreated { get; private set; }

    public int ReviewPolls { get; private set; }

    public List<(long CommentId, string Body)> Replies { get; } = [];

    /// <summary>Runs just before the reviews of a pull request are read, with its number and head commit (reviewers can answer there).</summary>
    public Action<int, string>? OnReviewsRead { get; set; }

    /// <summary>The pull requests as they are now: number, head and base branch, state, squash commit and the head it merged.</summary>
    public IReadOnlyList<(int Number, string Head, string Base, string State, string? MergeSha, string? MergedHead)> Pulls
    {
        get
        {
            lock (_lock)
            {
                return [.. _pulls.Select(p => (p.Number, p.Head, p.Base, p.State, p.MergeSha, p.MergedHead))];
            }
        }
    }

    /// <summary>The check runs of a commit on its n-th query (from 1): name, status and conclusion.</summary>
    public Func<string, int, IReadOnlyList<(string Name, string Status, string? Conclusion)>> CheckRuns { get; set; } = (_, _) => [];

    /// <summary>A pull request's title and body as they are now.</summary>
    public (string Title, string Body) Texts(int number)
    {
        lock (_lock)
        {
            var pull = _pulls.Single(p => p.Number == number);
            return (pull.Title, pull.Body);
        }
    }

    /// <summary>Opens a pull request from <paramref name="head"/> into <paramref name="base"/> as if someone had on GitHub; returns its number.</summary>
    public int OpenPull(string head, string @base)
    {
        lock (_lock)
        {
            var pull = new Pull { Number = _pulls.Count + 1, Head = head, Base = @base, Title = "wave", Body = "" };
            _pulls.Add(pull);
            return pull.Number;
        }
    }

    /// <summary>Sets a pull request back to open and unmerged, as a person could on GitHub.</summary>
    public void Reopen(int number)
    {
        lock (_lock)
        {
            var pull = _pulls.Single(p => p.Number == number);
            (pull.State, pull.MergeSha, pull.MergedHead) = ("open", null, null);
        }
    }

    /// <summary>Runs <paramref name="act"/> just before the reviews are read for the <paramref name="poll"/>-th time (from 1).</summary>
    public void AtReviewPoll(int poll, Action act)
    {
        lock (_lock)
        {
            _scheduled.Add((poll, act));
        }
    }

    public long AddReview(string login, string type, string state, string body, string commitId, DateTimeOffset at, params (string Path, int Line, string Body)[] comments)
    {
        lock (_lock)
        {
            var id = ++_nextId;
            _reviews.Add($$"""{"id": {{id}}, "node_id": "PRR_{{id}}", "user": {{User(login, type)}}, "body": {{Str(body)}}, "state": "{{state}}", "html_url": "https://github.example/{{owner}}/{{name}}/pull/1#pullrequestreview-{{id}}", "commit_id": "{{commitId}}", "submitted_at": "{{at:yyyy-MM-ddTHH:mm:ssZ}}", "author_association": "MEMBER"}""");
            foreach (var comment in comments)
            {
                AddReviewComment(id, login, type, comment.Path, comment.Line, comment.Body, commitId, at, null);
            }

            return id;
        }
    }

    public long AddReviewComment(long reviewId, string login, string type, string path, int line, string body, string commitId, DateTimeOffset at, long? inReplyTo)
    {
        lock (_lock)
        {
            var id = ++_nextId;
            var reply = inReplyTo is { } to ? $", \"in_reply_to_id\": {to}" : "";
            _reviewComments.Add($$"""{"id": {{id}}, "pull_request_review_id": {{reviewId}}, "diff_hunk": "@@ -1 +1 @@", "path": {{Str(path)}}, "commit_id": "{{commitId}}", "original_commit_id": "{{commitId}}", "user": {{User(login, type)}}, "body": {{Str(body)}}, "created_at": "{{at:yyyy-MM-ddTHH:mm:ssZ}}", "updated_at": "{{at:yyyy-MM-ddTHH:mm:ssZ}}", "line": {{line}}, "original_line": {{line}}, "side": "RIGHT"{{reply}}}""");
            return id;
        }
    }

    public long AddIssueComment(string login, string type, string body, DateTimeOffset at)
    {
        lock (_lock)
        {
            var id = ++_nextId;
            _issueComments.Add($$"""{"id": {{id}}, "node_id": "IC_{{id}}", "user": {{User(login, type)}}, "body": {{Str(body)}}, "created_at": "{{at:yyyy-MM-ddTHH:mm:ssZ}}", "updated_at": "{{at:yyyy-MM-ddTHH:mm:ssZ}}", "author_association": "NONE"}""");
            return id;
        }
    }

    /// <summary>The commit a branch of the bare repository points at, or null when it does not exist.</summary>
    public string? Branch(string branch)
    {
        var (code, output) = Git("rev-parse", "--verify", "--quiet", $"refs/heads/{branch}");
        return code == 0 ? output.Trim() : null;
    }

    public (int ExitCode, string Output) Git(params string[] arguments)
    {
        var spec = new ProcessSpec("git", ["--git-dir", BarePath, .. arguments], BarePath) { Environment = gitEnvironment };
        var (result, stdout, stderr) = ProcessRunner.CaptureAsync(spec).GetAwaiter().GetResult();
        return (result.ExitCode, stdout + stderr);
    }

    private static string User(string login, string type) =>
        $$"""{"login": {{Str(login)}}, "id": {{Math.Abs(login.GetHashCode(StringComparison.Ordinal)) % 100000}}, "type": "{{type}}", "site_admin": false}""";

    private static string Str(string value) => JsonSerializer.Serialize(value, FakeJson.Default.String);

    private sealed class Pull
    {
        public required int Number { get; init; }

        public required string Head { get; init; }

        public required string Base { get; init; }

        public required string Title { get; set; }

        public required string Body { get; set; }

        public string State { get; set; } = "open";

        public string? MergeSha { get; set; }

        public string? MergedHead { get; set; }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class FakeJson : System.Text.Json.Serialization.JsonSerializerContext;
