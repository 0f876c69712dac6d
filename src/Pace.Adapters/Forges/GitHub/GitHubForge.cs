using Pace.Core.Git;

namespace Pace.Adapters.Forges.GitHub;

/// <summary>
/// Pull requests, reviews, checks and merges on GitHub for spec execution. Every call can be made
/// again after a crash: a pull request is found by its head branch before one is opened, a merge
/// already done reports its commit again, a branch already deleted is not an error.
/// </summary>
public sealed partial class GitHubForge
{
    private readonly GitHubClient _client;
    private readonly GitHubSettings _settings;
    private readonly TimeProvider _time;
    private readonly GitHubPush? _push;
    private readonly GitHubHeadTimes _heads;
    private string? _defaultBranch;

    /// <param name="headTimesPath">Where the times GitHub had each head are kept across runs (null: in memory only).</param>
    public GitHubForge(GitHubClient client, GitHubSettings settings, TimeProvider time, GitHubPush? push = null, string? headTimesPath = null)
    {
        _client = client;
        _settings = settings;
        _time = time;
        _push = push;
        _heads = new GitHubHeadTimes(headTimesPath);
    }

    /// <summary>Where a forge made for a repository keeps the times GitHub had its heads (Pace's own folder, never committed).</summary>
    public static string HeadTimesPath(string repositoryRoot) => Path.Combine(repositoryRoot, ".pace", "forge", "github-heads.json");

    public GitHubSettings Settings => _settings;

    /// <summary>
    /// The forge for the repository at <paramref name="repositoryRoot"/>: owner and repository from
    /// the settings or the remote's URL, the API base from the settings or the remote's host, the
    /// token from GITHUB_TOKEN, GH_TOKEN or `gh auth token`.
    /// </summary>
    public static async Task<GitHubForge> CreateAsync(
        string repositoryRoot,
        GitHubSettings settings,
        HttpClient httpClient,
        TimeProvider time,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? environment = null,
        Action<string>? log = null,
        string ghExecutable = "gh",
        Action<string>? notices = null)
    {
        var probe = GitHubToken.Of("unused", "probe");
        var url = await new GitHubPush(repositoryRoot, probe, environment).RemoteUrlAsync(settings.Remote, cancellationToken).ConfigureAwait(false);
        var remote = GitHubRemote.Parse(url);
        var owner = settings.Owner ?? remote?.Owner;
        var repo = settings.Repo ?? remote?.Repo;
        if (owner is null || repo is null)
        {
            throw new Core.Diagnostics.InputException(
                $"cannot tell the GitHub repository from the URL of remote \"{settings.Remote}\"; set pace.forge.github.owner and repo in pace.json");
        }

        var apiBase = settings.ApiBase ?? remote?.DefaultApiBase
            ?? throw new Core.Diagnostics.InputException("cannot tell the GitHub API from the remote's URL; set pace.forge.github.apiBase in pace.json");
        var token = await GitHubToken.ResolveAsync(environment, repositoryRoot, cancellationToken, ghExecutable, GhHost(remote)).ConfigureAwait(false);
        var http = new GitHubHttp(httpClient, apiBase, token, time, log, notices);
        return new GitHubForge(new GitHubClient(http, owner, repo), settings, time, new GitHubPush(repositoryRoot, token, environment), HeadTimesPath(repositoryRoot));
    }

    /// <summary>
    /// Pushes <paramref name="sha"/> to <paramref name="branch"/> on the configured remote, then asks
    /// GitHub for the branch: the Date of that answer is when GitHub had the commit, by its own clock.
    /// </summary>
    public async Task PushAsync(string sha, string branch, CancellationToken cancellationToken, bool force = false)
    {
        await (_push ?? throw new InvalidOperationException("this forge was made without a repository to push from"))
            .PushAsync(_settings.Remote, sha, branch, cancellationToken, force).ConfigureAwait(false);
        var (_, at) = await _client.BranchAsync(branch, cancellationToken).ConfigureAwait(false);
        _heads.Record(sha, at ?? _time.GetUtcNow());
    }

    /// <summary>Fetches <paramref name="branch"/> from the configured remote; returns the commit it is at there.</summary>
    public Task<string> FetchAsync(string branch, CancellationToken cancellationToken) =>
        (_push ?? throw new InvalidOperationException("this forge was made without a repository to fetch into"))
            .FetchAsync(_settings.Remote, branch, cancellationToken);

    /// <summary>The open pull request from <paramref name="head"/> into <paramref name="base"/>, or a new one.</summary>
    public async Task<GitHubPullRequest> OpenOrFindAsync(string head, string @base, string title, string body, CancellationToken cancellationToken)
    {
        if (await _client.FindOpenPullAsync(head, @base, cancellationToken).ConfigureAwait(false) is { } open)
        {
            // Reused (a retried wave, a resumed run): it gets this run's title and body, which name this run's evidence.
            return open.Title == title && Lf(open.Body) == Lf(body)
                ? GitHubPullRequest.From(open)
                : GitHubPullRequest.From(await _client.EditPullAsync(open.Number, title, body, cancellationToken).ConfigureAwait(false));
        }

        var created = await _client.CreatePullAsync(new WireNewPull(title, head, @base, body), cancellationToken).ConfigureAwait(false)
            ?? await _client.FindOpenPullAsync(head, @base, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubApiException($"GitHub says a pull request from {head} into {@base} exists, but none is open");
        return GitHubPullRequest.From(created);
    }

    /// <summary>GitHub may store a body with CRLF line ends: the same text either way.</summary>
    private static string Lf(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);

    public async Task<GitHubPullRequest?> GetAsync(int number, CancellationToken cancellationToken) =>
        await _client.GetPullAsync(number, cancellationToken).ConfigureAwait(false) is { } pull ? GitHubPullRequest.From(pull) : null;

    /// <summary>Posts a plain comment on the pull request (what Pace has to say, such as a reviewer agent's findings).</summary>
    public async Task CommentAsync(int number, string body, CancellationToken cancellationToken) =>
        Author((await _client.CommentAsync(number, body, cancellationToken).ConfigureAwait(false)).User);

    /// <summary>Answers a review thread Pace addressed.</summary>
    public async Task ReplyAsync(int number, long commentId, string body, CancellationToken cancellationToken) =>
        Author((await _client.ReplyAsync(number, commentId, body, cancellationToken).ConfigureAwait(false)).User);

    public Task CloseAsync(int number, CancellationToken cancellationToken) => _client.ClosePullAsync(number, cancellationToken);

    /// <summary>
    /// Deletes a wave branch on GitHub; false when it is not there (asked first, so a branch that was
    /// never pushed or is gone already costs no DELETE). main, master and the default branch are refused;
    /// a branch GitHub will not delete is a <see cref="GitHubApiException"/> with its reason.
    /// </summary>
    public Task<bool> DeleteBranchAsync(string branch, CancellationToken cancellationToken) =>
        DeleteBranchAsync(branch, lookFirst: true, cancellationToken);

    private async Task<bool> DeleteBranchAsync(string branch, bool lookFirst, CancellationToken cancellationToken)
    {
        if (ProtectedBranchException.AlwaysProtected.Contains(branch))
        {
            throw new ProtectedBranchException(branch, "main and master are never deleted");
        }

        _defaultBranch ??= (await _client.RepositoryAsync(cancellationToken).ConfigureAwait(false)).DefaultBranch;
        if (branch == _defaultBranch)
        {
            throw new ProtectedBranchException(branch, "it is the repository's default branch");
        }

        if (lookFirst && (await _client.BranchAsync(branch, cancellationToken).ConfigureAwait(false)).Sha is null)
        {
            return false;
        }

        return await _client.DeleteBranchAsync(branch, cancellationToken).ConfigureAwait(false);
    }

    private static string? GhHost(GitHubRemote? remote) =>
        remote is null || string.Equals(remote.Host, "github.com", StringComparison.OrdinalIgnoreCase) ? null : remote.Host;
}
