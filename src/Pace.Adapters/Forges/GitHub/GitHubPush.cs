using Pace.Adapters.Git;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// Pushes a wave branch with the git CLI. For an http(s) remote the token reaches git only through
/// the environment of that one process (GIT_CONFIG_COUNT: an Authorization header scoped to the
/// remote's host), never through its command line, the repository's config or a credential helper.
/// </summary>
public sealed class GitHubPush
{
    private readonly GitCli _git;
    private readonly GitCliRepository _repository;
    private readonly GitHubToken _token;

    public GitHubPush(string repositoryRoot, GitHubToken token, IReadOnlyDictionary<string, string?>? environment = null)
    {
        _git = new GitCli(repositoryRoot, environment);
        _repository = new GitCliRepository(repositoryRoot, environment);
        _token = token;
    }

    /// <summary>The URL of <paramref name="remote"/>, as git resolves it.</summary>
    public async Task<string> RemoteUrlAsync(string remote, CancellationToken cancellationToken)
    {
        return await _repository.RemoteUrlAsync(remote, cancellationToken).ConfigureAwait(false)
            ?? throw new GitException($"the repository has no remote \"{remote}\" to push to and read owner/repo from; add it, or set pace.forge.github.remote");
    }

    /// <summary>Makes <paramref name="branch"/> on the remote point at <paramref name="sha"/>; pushing what is already there changes nothing.</summary>
    public async Task PushAsync(string remote, string sha, string branch, CancellationToken cancellationToken, bool force = false)
    {
        var url = await RemoteUrlAsync(remote, cancellationToken).ConfigureAwait(false);
        string[] arguments = ["push", "--porcelain", "--no-verify", remote, $"{(force ? "+" : "")}{sha}:refs/heads/{branch}"];
        var output = await _git.TryAsync(arguments, cancellationToken, extra: Environment(url)).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            var failure = _git.Failure(arguments, output);
            throw new GitException(_token.Redact(failure.Message));
        }
    }

    /// <summary>Fetches <paramref name="branch"/> of <paramref name="remote"/> into refs/remotes/REMOTE/BRANCH and returns the commit it points at.</summary>
    public async Task<string> FetchAsync(string remote, string branch, CancellationToken cancellationToken)
    {
        var url = await RemoteUrlAsync(remote, cancellationToken).ConfigureAwait(false);
        var tracking = $"refs/remotes/{remote}/{branch}";
        string[] arguments = ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", remote, $"+refs/heads/{branch}:{tracking}"];
        var output = await _git.TryAsync(arguments, cancellationToken, extra: Environment(url)).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            throw new GitException(_token.Redact(_git.Failure(arguments, output).Message));
        }

        return (await _git.RunAsync(["rev-parse", "--verify", tracking + "^{commit}"], cancellationToken).ConfigureAwait(false)).Text;
    }

    private Dictionary<string, string?> Environment(string url)
    {
        var quiet = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Tracing would print the header.
            ["GIT_TRACE"] = null,
            ["GIT_TRACE_CURL"] = null,
            ["GIT_CURL_VERBOSE"] = null,
            ["GIT_TRACE_PACKET"] = null,
            ["GIT_ASKPASS"] = null,
            ["SSH_ASKPASS"] = null,
        };
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return quiet;
        }

        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{_token.Reveal()}"));
        Security.Secrets.LearnValue(basic);
        quiet["GIT_CONFIG_COUNT"] = "3";
        quiet["GIT_CONFIG_KEY_0"] = $"http.{uri.GetLeftPart(UriPartial.Authority)}/.extraHeader";
        quiet["GIT_CONFIG_VALUE_0"] = $"Authorization: Basic {basic}";
        quiet["GIT_CONFIG_KEY_1"] = "credential.helper";
        quiet["GIT_CONFIG_VALUE_1"] = "";
        quiet["GIT_CONFIG_KEY_2"] = "http.followRedirects";
        quiet["GIT_CONFIG_VALUE_2"] = "false";
        return quiet;
    }
}
