namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// GitHub answered a request with an error Pace does not turn into a value: the message names the
/// request and GitHub's own explanation, with the token removed.
/// </summary>
public sealed class GitHubApiException : Exception
{
    public GitHubApiException(string method, string path, int status, string gitHubMessage)
        : base($"GitHub {method} {path} failed with {status}: {gitHubMessage}")
    {
        Status = status;
        GitHubMessage = gitHubMessage;
    }

    public GitHubApiException()
    {
        GitHubMessage = "";
    }

    public GitHubApiException(string message)
        : base(message)
    {
        GitHubMessage = message;
    }

    public GitHubApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        GitHubMessage = message;
    }

    /// <summary>The HTTP status code, or 0 when no answer came.</summary>
    public int Status { get; }

    public string GitHubMessage { get; }
}
