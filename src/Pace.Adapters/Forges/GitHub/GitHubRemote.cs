namespace Pace.Adapters.Forges.GitHub;

/// <summary>Where a repository lives on GitHub, read from a git remote's URL.</summary>
public sealed record GitHubRemote(string Host, string Owner, string Repo)
{
    /// <summary>
    /// Reads https://HOST/OWNER/REPO(.git), ssh://git@HOST/OWNER/REPO(.git) and git@HOST:OWNER/REPO(.git);
    /// the owner and repository are the last two segments of the path. Null when the URL has no such shape.
    /// </summary>
    public static GitHubRemote? Parse(string url)
    {
        url = url.Trim();
        string host;
        string path;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
        {
            host = uri.Port is -1 || uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
            path = uri.AbsolutePath;
        }
        else if (url.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 && !url.Contains("://", StringComparison.Ordinal))
        {
            host = url[..colon].Split('@')[^1];
            path = url[(colon + 1)..];
        }
        else
        {
            return null;
        }

        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || host.Length == 0)
        {
            return null;
        }

        var repo = segments[^1].EndsWith(".git", StringComparison.Ordinal) ? segments[^1][..^4] : segments[^1];
        return repo.Length == 0 ? null : new GitHubRemote(host, Uri.UnescapeDataString(segments[^2]), Uri.UnescapeDataString(repo));
    }

    /// <summary>The REST API of this host: api.github.com for github.com, HOST/api/v3 for GitHub Enterprise Server.</summary>
    public Uri DefaultApiBase =>
        string.Equals(Host, "github.com", StringComparison.OrdinalIgnoreCase) ? new Uri("https://api.github.com/") : new Uri($"https://{Host}/api/v3/");
}
