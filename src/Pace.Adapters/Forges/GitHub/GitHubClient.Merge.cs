namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubClient
{
    internal Task<IReadOnlyList<WireCheckRun>> CheckRunsAsync(string sha, CancellationToken cancellationToken) =>
        http.GetAllAsync($"{_repo}/commits/{sha}/check-runs", Json.WireCheckRuns, page => page.CheckRuns, page => page.TotalCount, cancellationToken);

    /// <summary>The latest status of each context on <paramref name="sha"/>, every page of them (a commit can have more than 100).</summary>
    internal Task<IReadOnlyList<WireStatus>> StatusesAsync(string sha, CancellationToken cancellationToken) =>
        http.GetAllAsync($"{_repo}/commits/{sha}/status", Json.WireCombinedStatus, page => page.Statuses, page => page.TotalCount, cancellationToken);

    /// <summary>Squash-merges pinned to <paramref name="sha"/>; 405 (not mergeable) and 409 (head moved) come back as the response.</summary>
    internal async Task<GitHubResponse> MergeAsync(int number, string sha, string title, string message, CancellationToken cancellationToken)
    {
        var path = $"{_repo}/pulls/{number}/merge";
        var request = new WireMergeRequest(title, message, sha, "squash");
        var response = await http.SendAsync(HttpMethod.Put, path, GitHubHttp.Json(request, Json.WireMergeRequest), cancellationToken).ConfigureAwait(false);
        return response.IsSuccess || response.Status is 405 or 409 or 422 ? response : throw http.Failure(HttpMethod.Put, path, response);
    }

    /// <summary>
    /// Deletes a branch on GitHub; false when it is not there. GitHub answers 422 both for a branch that
    /// does not exist and for one it will not delete (the default branch, a rule, "the endpoint has been
    /// spammed"), so after a 404 or 422 the branch is looked up: gone is false, still there is an error
    /// with GitHub's reason.
    /// </summary>
    internal async Task<bool> DeleteBranchAsync(string branch, CancellationToken cancellationToken)
    {
        var path = $"{_repo}/git/refs/heads/{Escape(branch)}";
        var response = await http.SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccess)
        {
            return true;
        }

        if (response.Status is 404 or 422 && (await BranchAsync(branch, cancellationToken).ConfigureAwait(false)).Sha is null)
        {
            return false;
        }

        var refused = http.Failure(HttpMethod.Delete, path, response);
        throw new GitHubApiException($"GitHub did not delete branch {branch}, which is still there ({refused.Status}: {refused.GitHubMessage})");
    }

    /// <summary>The commit <paramref name="branch"/> is at on GitHub (null when there is no such branch) and GitHub's clock when it answered.</summary>
    internal async Task<(string? Sha, DateTimeOffset? At)> BranchAsync(string branch, CancellationToken cancellationToken)
    {
        var path = $"{_repo}/git/ref/heads/{Escape(branch)}";
        var response = await http.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        if (response.Status is 404 or 409)
        {
            return (null, response.Date);
        }

        var found = response.IsSuccess ? System.Text.Json.JsonSerializer.Deserialize(response.Body, Json.WireRef) : throw http.Failure(HttpMethod.Get, path, response);
        return (found?.Ref == "refs/heads/" + branch ? found.Object.Sha : null, response.Date);
    }

    private static string Escape(string branch) => string.Join('/', branch.Split('/').Select(Uri.EscapeDataString));
}
