namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubForge
{
    /// <summary>
    /// What allowed reviewers said on the pull request, and who was ignored. Reads formal reviews,
    /// review comments and issue comments; when nothing changed each read is a 304 from GitHub.
    /// </summary>
    public async Task<(GitHubPullRequest PullRequest, GitHubFeedback Feedback)> GetFeedbackAsync(int number, CancellationToken cancellationToken)
    {
        var pull = await GetAsync(number, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubApiException($"pull request #{number} does not exist on GitHub");
        var reviews = await _client.ReviewsAsync(number, cancellationToken).ConfigureAwait(false);
        var reviewComments = await _client.ReviewCommentsAsync(number, cancellationToken).ConfigureAwait(false);
        var issueComments = await _client.IssueCommentsAsync(number, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? committed = null;
        if (issueComments.Count > 0)
        {
            committed = await CommitDateAsync(pull.HeadSha, cancellationToken).ConfigureAwait(false);
        }

        return (pull, GitHubFeedbackReader.Read(_settings, reviews, reviewComments, issueComments, pull.HeadSha, committed));
    }

    /// <summary>
    /// Polls every <see cref="GitHubSettings.PollInterval"/> until an allowed reviewer gives a verdict
    /// on the pull request's current head, or <paramref name="limit"/> passes (null then). The
    /// feedback of the last poll, ignored authors included, is returned either way.
    /// </summary>
    public async Task<(GitHubReview? Verdict, GitHubFeedback Feedback)> WaitForVerdictAsync(int number, TimeSpan limit, CancellationToken cancellationToken)
    {
        var until = _time.GetUtcNow() + limit;
        while (true)
        {
            var (pull, feedback) = await GetFeedbackAsync(number, cancellationToken).ConfigureAwait(false);
            if (feedback.VerdictOn(pull.HeadSha) is { } verdict)
            {
                return (verdict, feedback);
            }

            if (_time.GetUtcNow() + _settings.PollInterval > until)
            {
                return (null, feedback);
            }

            await Task.Delay(_settings.PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DateTimeOffset> CommitDateAsync(string sha, CancellationToken cancellationToken)
    {
        if (!_commitDates.TryGetValue(sha, out var date))
        {
            date = (await _client.CommitAsync(sha, cancellationToken).ConfigureAwait(false)).Commit.Committer.Date;
            _commitDates[sha] = date;
        }

        return date;
    }
}
