namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubClient
{
    internal async Task<IReadOnlyList<WireCheckRun>> CheckRunsAsync(string sha, CancellationToken cancellationToken)
    {
        // check-runs wraps its list in an object, so its pages are followed here rather than by GetAllAsync.
        var runs = new List<WireCheckRun>();
        string? next = $"{_repo}/commits/{sha}/check-runs?per_page=100";
        while (next is not null)
        {
            var response = await http.SendAsync(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                throw http.Failure(HttpMethod.Get, $"{_repo}/commits/{sha}/check-runs", response);
            }

            runs.AddRange(System.Text.Json.JsonSerializer.Deserialize(response.Body, Json.WireCheckRuns)!.CheckRuns);
            next = response.NextLink;
        }

        return runs;
    }

    internal Task<WireCombinedStatus> CombinedStatusAsync(string sha, CancellationToken cancellationToken) =>
        http.SendAsync(HttpMethod.Get, $"{_repo}/commits/{sha}/status?per_page=100", null, Json.WireCombinedStatus, cancellationToken);

    /// <summary>Squash-merges pinned to <paramref name="sha"/>; 405 (not mergeable) and 409 (head moved) come back as the response.</summary>
    internal async Task<GitHubResponse> MergeAsync(int number, string sha, string title, string message, CancellationToken cancellationToken)
    {
        var path = $"{_repo}/pulls/{number}/merge";
        var request = new WireMergeRequest(title, message, sha, "squash");
        var response = await http.SendAsync(HttpMethod.Put, path, GitHubHttp.Json(request, Json.WireMergeRequest), cancellationToken).ConfigureAwait(false);
        return response.IsSuccess || response.Status is 405 or 409 or 422 ? response : throw http.Failure(HttpMethod.Put, path, response);
    }

    /// <summary>Deletes a branch on GitHub; false when it was already gone (404 or 422 "Reference does not exist").</summary>
    internal async Task<bool> DeleteBranchAsync(string branch, CancellationToken cancellationToken)
    {
        var path = $"{_repo}/git/refs/heads/{string.Join('/', branch.Split('/').Select(Uri.EscapeDataString))}";
        var response = await http.SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false);
        return response.IsSuccess || (response.Status is 404 or 422 ? false : throw http.Failure(HttpMethod.Delete, path, response));
    }
}
