namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// One answer from the API. <see cref="NotModified"/> says the body came from Pace's cache because
/// GitHub answered 304 to a conditional request (which costs no rate limit). <see cref="Date"/> is
/// GitHub's clock when it answered (its Date header), null when the answer had none.
/// </summary>
internal sealed record GitHubResponse(int Status, string Body, string? NextLink, bool NotModified, DateTimeOffset? Date = null)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
