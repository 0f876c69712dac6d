namespace Pace.Adapters.Forges.GitHub;

/// <summary>The REST endpoints Pace uses, for one repository. Expected refusals come back as values; the rest throw.</summary>
public sealed partial class GitHubClient(GitHubHttp http, string owner, string repo)
{
    private static readonly GitHubJson Json = GitHubJson.Default;

    private readonly string _repo = $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repo)}";

    public string Owner => owner;

    public string Repo => repo;

    internal GitHubHttp Http => http;

    internal async Task<WirePull?> FindOpenPullAsync(string head, string @base, CancellationToken cancellationToken)
    {
        var query = $"{_repo}/pulls?state=open&head={Uri.EscapeDataString($"{owner}:{head}")}&base={Uri.EscapeDataString(@base)}";
        var pulls = await http.GetAllAsync(query, Json.ListWirePull, cancellationToken).ConfigureAwait(false);
        return pulls.FirstOrDefault(p => p.Head.Ref == head && p.Base.Ref == @base);
    }

    /// <summary>Opens a pull request; null when GitHub says one already exists for the head (422), so the caller looks again.</summary>
    internal async Task<WirePull?> CreatePullAsync(WireNewPull pull, CancellationToken cancellationToken)
    {
        var path = $"{_repo}/pulls";
        var response = await http.SendAsync(HttpMethod.Post, path, GitHubHttp.Json(pull, Json.WireNewPull), cancellationToken).ConfigureAwait(false);
        if (response.Status == 422 && response.Body.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return response.IsSuccess
            ? System.Text.Json.JsonSerializer.Deserialize(response.Body, Json.WirePull)
            : throw http.Failure(HttpMethod.Post, path, response);
    }

    internal async Task<WirePull?> GetPullAsync(int number, CancellationToken cancellationToken) =>
        (await GetPullAtAsync(number, cancellationToken).ConfigureAwait(false)).Pull;

    internal Task<WirePull> EditPullAsync(int number, string title, string body, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Patch, $"{_repo}/pulls/{number}", GitHubHttp.Json(new WireEdit(title, body), Json.WireEdit), Json.WirePull, cancellationToken);

    internal Task<WirePull> ClosePullAsync(int number, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Patch, $"{_repo}/pulls/{number}", GitHubHttp.Json(new WireState("closed"), Json.WireState), Json.WirePull, cancellationToken);

    internal Task<IReadOnlyList<WireReview>> ReviewsAsync(int number, CancellationToken cancellationToken) =>
        http.GetAllAsync($"{_repo}/pulls/{number}/reviews", Json.ListWireReview, cancellationToken);

    internal Task<IReadOnlyList<WireReviewComment>> ReviewCommentsAsync(int number, CancellationToken cancellationToken) =>
        http.GetAllAsync($"{_repo}/pulls/{number}/comments", Json.ListWireReviewComment, cancellationToken);

    internal Task<IReadOnlyList<WireIssueComment>> IssueCommentsAsync(int number, CancellationToken cancellationToken) =>
        http.GetAllAsync($"{_repo}/issues/{number}/comments", Json.ListWireIssueComment, cancellationToken);

    internal Task<WireIssueComment> CommentAsync(int number, string body, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Post, $"{_repo}/issues/{number}/comments", GitHubHttp.Json(new WireBody(body), Json.WireBody), Json.WireIssueComment, cancellationToken);

    internal Task<WireReviewComment> ReplyAsync(int number, long commentId, string body, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Post, $"{_repo}/pulls/{number}/comments/{commentId}/replies", GitHubHttp.Json(new WireBody(body), Json.WireBody), Json.WireReviewComment, cancellationToken);

    internal Task<WireCommit> CommitAsync(string sha, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Get, $"{_repo}/commits/{sha}", null, Json.WireCommit, cancellationToken);

    /// <summary>GitHub's clock when it answers a request for the pull request (the moment Pace first sees a head it did not push).</summary>
    internal async Task<(WirePull? Pull, DateTimeOffset? At)> GetPullAtAsync(int number, CancellationToken cancellationToken)
    {
        var path = $"{_repo}/pulls/{number}";
        var response = await http.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return response.Status == 404 ? (null, response.Date)
            : response.IsSuccess ? (System.Text.Json.JsonSerializer.Deserialize(response.Body, Json.WirePull), response.Date)
            : throw http.Failure(HttpMethod.Get, path, response);
    }

    /// <summary>
    /// The login the token acts as, or null when GitHub will not say (an app's installation token
    /// gets 403 on /user): Pace's own replies are then known by the author of the ones it posts.
    /// </summary>
    internal async Task<string?> SelfAsync(CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(HttpMethod.Get, "user", null, cancellationToken).ConfigureAwait(false);
        return response.IsSuccess ? System.Text.Json.JsonSerializer.Deserialize(response.Body, Json.WireUser)?.Login
            : response.Status is 401 or 403 or 404 ? null
            : throw http.Failure(HttpMethod.Get, "user", response);
    }

    internal Task<WireRepository> RepositoryAsync(CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Get, _repo, null, Json.WireRepository, cancellationToken);
}
