namespace Pace.Adapters.Forges.GitHub;

/// <summary>No GitHub token could be found; the message says where Pace looked and how to give one.</summary>
public sealed class GitHubAuthException : Exception
{
    public GitHubAuthException(string message)
        : base(message)
    {
    }

    public GitHubAuthException()
    {
    }

    public GitHubAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
