using System.Text.Json;

namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubForge
{
    /// <summary>The checks of <paramref name="sha"/> as the settings count them (required ones, or all).</summary>
    public async Task<ChecksState> ChecksAsync(string sha, CancellationToken cancellationToken)
    {
        var runs = await _client.CheckRunsAsync(sha, cancellationToken).ConfigureAwait(false);
        var statuses = await _client.StatusesAsync(sha, cancellationToken).ConfigureAwait(false);
        return ChecksState.Of(_settings.RequiredChecks, runs, statuses);
    }

    /// <summary>
    /// Squash-merges the pull request once the checks of <paramref name="expectedHeadSha"/> are green,
    /// pinned to that commit (GitHub refuses with 409 if the head moved), then deletes its branch.
    /// While checks are pending it waits (up to <see cref="GitHubSettings.ChecksTimeout"/>); a red
    /// check, a moved head or a refusal is a value and nothing is merged.
    /// </summary>
    public async Task<GitHubMergeResult> MergeAsync(int number, string expectedHeadSha, string title, string message, CancellationToken cancellationToken)
    {
        var pull = await GetAsync(number, cancellationToken).ConfigureAwait(false);
        if (pull is null)
        {
            return new GitHubMergeResult.Refused($"pull request #{number} does not exist");
        }

        if (pull.State == GitHubPullRequestState.Merged)
        {
            return new GitHubMergeResult.Merged(pull.MergeCommit ?? "", await DeleteMergedAsync(pull.Head, lookFirst: true, cancellationToken).ConfigureAwait(false));
        }

        if (pull.State == GitHubPullRequestState.Closed)
        {
            return new GitHubMergeResult.Refused($"pull request #{number} is closed");
        }

        if (pull.HeadSha != expectedHeadSha)
        {
            return new GitHubMergeResult.HeadMoved(expectedHeadSha, pull.HeadSha);
        }

        var until = _time.GetUtcNow() + _settings.ChecksTimeout;
        var checks = await ChecksAsync(expectedHeadSha, cancellationToken).ConfigureAwait(false);
        while (checks.Outcome == ChecksOutcome.Pending)
        {
            if (_time.GetUtcNow() + _settings.PollInterval > until)
            {
                return new GitHubMergeResult.ChecksPending(checks.Waiting);
            }

            await Task.Delay(_settings.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            checks = await ChecksAsync(expectedHeadSha, cancellationToken).ConfigureAwait(false);
        }

        if (checks.Outcome == ChecksOutcome.Red)
        {
            return new GitHubMergeResult.ChecksFailed(checks.Failed) { Details = checks.FailedDetails };
        }

        var response = await _client.MergeAsync(number, expectedHeadSha, title, message, cancellationToken).ConfigureAwait(false);
        var said = _client.Http.Token.Redact(Message(response.Body));
        switch (response.Status)
        {
            case 409:
                var now = await GetAsync(number, cancellationToken).ConfigureAwait(false);
                return new GitHubMergeResult.HeadMoved(expectedHeadSha, now?.HeadSha ?? "(unknown)");
            case 405:
                return new GitHubMergeResult.NotMergeable(said);
            case 422:
                return new GitHubMergeResult.Refused(said);
        }

        var merged = JsonSerializer.Deserialize(response.Body, GitHubJson.Default.WireMergeResult);
        if (merged is not { Merged: true, Sha: { } commit })
        {
            return new GitHubMergeResult.Refused(said);
        }

        return new GitHubMergeResult.Merged(commit, await DeleteMergedAsync(pull.Head, lookFirst: false, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The merged pull request's branch goes (it was just merged, so it is there unless asked to look
    /// first). A branch GitHub will not delete does not undo the merge: it stays, and the cleanup that
    /// follows the merge asks again and reports it.
    /// </summary>
    private async Task<bool> DeleteMergedAsync(string branch, bool lookFirst, CancellationToken cancellationToken)
    {
        try
        {
            return await DeleteBranchAsync(branch, lookFirst, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException)
        {
            return false;
        }
    }

    private static string Message(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, GitHubJson.Default.WireError)?.Message ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
