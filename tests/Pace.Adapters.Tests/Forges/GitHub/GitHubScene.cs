using Pace.Adapters.Forges.GitHub;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Forges.GitHub;

/// <summary>
/// A repository whose remote "origin" is a bare repository on the fake GitHub (owner o, repo r) with
/// branches main and <see cref="Base"/>; the fake registers no routes until a test asks for them.
/// </summary>
internal sealed class GitHubScene : IAsyncDisposable
{
    public const string Token = "ghp_sceneSecret0123456789abcdefZZtop";
    public const string Head = "feature/demo-wave-1";
    public const string Base = "feature/demo";

    private GitHubScene(TempGitRepo repo, FakeGitHubServer server, FakeGitHubRepo github)
    {
        Repo = repo;
        Server = server;
        GitHub = github;
    }

    public TempGitRepo Repo { get; }

    public FakeGitHubServer Server { get; }

    public FakeGitHubRepo GitHub { get; }

    public List<string> Log { get; } = [];

    public static async Task<GitHubScene> CreateAsync()
    {
        var repo = await TempGitRepo.CreateAsync();
        var gitRoot = Path.Combine(repo.Folder, "server");
        var server = new FakeGitHubServer(Token, gitRoot);
        var github = new FakeGitHubRepo(server, "o", "r", repo.Environment);
        Directory.CreateDirectory(Path.Combine(gitRoot, "o"));
        await repo.GitAsync("clone", "--quiet", "--bare", repo.Root, github.BarePath);
        github.Git("branch", Base, "main");
        await repo.GitAsync("remote", "add", "origin", server.GitUrl("o", "r"));
        return new GitHubScene(repo, server, github);
    }

    /// <summary>A forge as `pace spec run` makes it (token from the environment, times of heads kept in the repository's .pace folder).</summary>
    public Task<GitHubForge> ForgeAsync(GitHubSettings settings, TimeProvider clock, Action<string>? notices = null) =>
        GitHubForge.CreateAsync(
            Repo.Root,
            settings with { ApiBase = Server.ApiBase },
            new HttpClient(),
            clock,
            TestContext.Current.CancellationToken,
            new Dictionary<string, string?>(Repo.Environment) { ["GITHUB_TOKEN"] = Token, ["GH_TOKEN"] = null },
            line =>
            {
                lock (Log)
                {
                    Log.Add(line);
                }
            },
            notices: notices);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Repo.Dispose();
    }
}
