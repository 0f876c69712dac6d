namespace Pace.Adapters.Forges.GitHub;

public sealed partial class GitHubForge
{
    private readonly Lock _selfLock = new();
    private string? _self;
    private bool _selfAsked;

    /// <summary>
    /// What allowed reviewers said on the pull request, and who was ignored (never Pace's own replies
    /// and comments). Reads formal reviews, review comments and issue comments; when nothing changed
    /// each read is a 304 from GitHub.
    /// </summary>
    public async Task<(GitHubPullRequest PullRequest, GitHubFeedback Feedback)> GetFeedbackAsync(int number, CancellationToken cancellationToken)
    {
        var (wire, seenAt) = await _client.GetPullAtAsync(number, cancellationToken).ConfigureAwait(false);
        var pull = (wire is null ? null : GitHubPullRequest.From(wire))
            ?? throw new GitHubApiException($"pull request #{number} does not exist on GitHub");
        var reviews = await _client.ReviewsAsync(number, cancellationToken).ConfigureAwait(false);
        var reviewComments = await _client.ReviewCommentsAsync(number, cancellationToken).ConfigureAwait(false);
        var issueComments = await _client.IssueCommentsAsync(number, cancellationToken).ConfigureAwait(false);
        // A head Pace did not push in this repository (or pushed before it kept these times) dates from when Pace first sees it.
        var arrived = _heads.Of(pull.HeadSha) ?? _heads.Record(pull.HeadSha, seenAt ?? _time.GetUtcNow());
        var authors = reviews.Select(r => r.User?.Login).Concat(reviewComments.Select(c => c.User?.Login)).Concat(issueComments.Select(c => c.User?.Login));
        var self = authors.Any(a => !_settings.IsReviewer(a)) ? await SelfAsync(cancellationToken).ConfigureAwait(false) : null;
        return (pull, GitHubFeedbackReader.Read(_settings, reviews, reviewComments, issueComments, pull.HeadSha, arrived, self));
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

    /// <summary>The login Pace posts as: asked of GitHub once, else learnt from the author of what Pace posted.</summary>
    private async Task<string?> SelfAsync(CancellationToken cancellationToken)
    {
        lock (_selfLock)
        {
            if (_selfAsked)
            {
                return _self;
            }
        }

        var login = await _client.SelfAsync(cancellationToken).ConfigureAwait(false);
        lock (_selfLock)
        {
            _selfAsked = true;
            _self ??= login;
            return _self;
        }
    }

    private void Author(WireUser? user)
    {
        lock (_selfLock)
        {
            _self ??= user?.Login;
        }
    }
}
