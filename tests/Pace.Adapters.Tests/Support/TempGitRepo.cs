using Pace.Adapters.Git;
using Pace.Adapters.Processes;

namespace Pace.Adapters.Tests.Support;

/// <summary>
/// A real git repository in a temporary folder, deleted on dispose. Every git command (the
/// fixture's and the adapters') gets an isolated configuration and fixed identities and dates
/// through the child's environment; the test process's environment is never touched.
/// It starts on branch main with one commit: README.md and a .gitignore ignoring .pace/ and *.log.
/// </summary>
public sealed class TempGitRepo : IDisposable
{
    private TempGitRepo(string folder)
    {
        Folder = folder;
        Root = Path.Combine(folder, "repo");
        Environment = new Dictionary<string, string?>
        {
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["XDG_CONFIG_HOME"] = Path.Combine(folder, "xdg"),
            ["GIT_AUTHOR_NAME"] = "Pace Test",
            ["GIT_AUTHOR_EMAIL"] = "pace@example.invalid",
            ["GIT_AUTHOR_DATE"] = "2024-01-02T03:04:05Z",
            ["GIT_COMMITTER_NAME"] = "Pace Test",
            ["GIT_COMMITTER_EMAIL"] = "pace@example.invalid",
            ["GIT_COMMITTER_DATE"] = "2024-01-02T03:04:05Z",
        };
    }

    /// <summary>The temporary folder; the repository is its subfolder <c>repo</c>, so siblings can hold worktrees.</summary>
    public string Folder { get; }

    public string Root { get; }

    public IReadOnlyDictionary<string, string?> Environment { get; }

    public string InitialCommit { get; private set; } = "";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<TempGitRepo> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pace-git-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "repo"));
        var repo = new TempGitRepo(folder);
        await repo.GitAsync("init", "--quiet", "--initial-branch=main");
        repo.Write("README.md", "hello\n");
        repo.Write(".gitignore", ".pace/\n*.log\n");
        repo.InitialCommit = await repo.CommitAsync("initial");
        return repo;
    }

    public GitCliWorkspace Workspace(string? root = null) => new(root ?? Root, Environment);

    public GitCliRepository Repository() => new(Root, Environment);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string content)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public bool Exists(string relative) => File.Exists(PathOf(relative));

    public void Delete(string relative) => File.Delete(PathOf(relative));

    /// <summary>Runs git in the repository and returns its standard output; fails the test on a non-zero exit.</summary>
    public Task<string> GitAsync(params string[] arguments) => GitInAsync(Root, arguments);

    public async Task<string> GitInAsync(string folder, params string[] arguments)
    {
        var spec = new ProcessSpec("git", ["-C", folder, .. arguments], folder) { Environment = Environment };
        var (result, stdout, stderr) = await ProcessRunner.CaptureAsync(spec, Token);
        result.ExitCode.ShouldBe(0, $"git {string.Join(' ', arguments)}: {stderr}");
        return stdout.TrimEnd('\n');
    }

    public async Task<string> CommitAsync(string message)
    {
        await GitAsync("add", "--all");
        await GitAsync("commit", "--quiet", "--allow-empty", "-m", message);
        return await GitAsync("rev-parse", "HEAD");
    }

    /// <summary><c>git status --porcelain</c>, including ignored files, for comparing before and after.</summary>
    public Task<string> StatusAsync() => GitAsync("status", "--porcelain=v1", "--untracked-files=all", "--ignored");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing a test over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
