using Pace.Adapters.Integration;
using Pace.Adapters.Tests.Support;
using Pace.Core.Git;
using Pace.Core.Integration;

namespace Pace.Adapters.Tests.Integration;

/// <summary>
/// A real repository whose branch <see cref="Branch"/> (at the initial commit) is checked out in the
/// queue's own worktree next to it; results are made on branches in the main checkout.
/// </summary>
public sealed class QueueRepo : IDisposable
{
    public const string Branch = "integration";

    private QueueRepo(TempGitRepo repo, string worktree)
    {
        Repo = repo;
        Worktree = worktree;
        Queue = new MergeQueue(repo.Repository(), repo.Workspace(worktree), Branch);
    }

    public TempGitRepo Repo { get; }

    public string Worktree { get; }

    public MergeQueue Queue { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<QueueRepo> CreateAsync()
    {
        var repo = await TempGitRepo.CreateAsync();
        var repository = repo.Repository();
        await repository.CreateBranchAsync(Branch, "main", Token);
        var worktree = Path.Combine(repo.Folder, "integration");
        await repository.AddWorktreeAsync(worktree, Branch, Token);
        return new QueueRepo(repo, worktree);
    }

    /// <summary>Checks that pass.</summary>
    public static Task<IReadOnlyList<string>> Green(string worktree, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    /// <summary>An item for <paramref name="source"/> with message <c>feat: ID</c>, kept on <c>refs/pace/kept/ID</c>.</summary>
    public static IntegrationItem Item(string id, string source, IntegrationStyle style = IntegrationStyle.Merge, Func<string, CancellationToken, Task<IReadOnlyList<string>>>? checks = null) =>
        new(id, source, $"feat: {id}", style, RefNames.Feature(RefNames.Kept, id), checks ?? Green);

    /// <summary>A result: branch <paramref name="name"/> from <paramref name="start"/> (default: the integration branch now) with one commit writing <paramref name="file"/>.</summary>
    public async Task<string> ResultAsync(string name, string file, string content, string? start = null)
    {
        await Repo.GitAsync("checkout", "--quiet", "-b", name, start ?? await TipAsync());
        Repo.Write(file, content);
        var commit = await Repo.CommitAsync($"{name} work");
        await Repo.GitAsync("checkout", "--quiet", "main");
        return commit;
    }

    public Task<string> TipAsync() => Repo.GitAsync("rev-parse", Branch);

    /// <summary>Runs git in the queue's worktree.</summary>
    public Task<string> GitAsync(params string[] arguments) => Repo.GitInAsync(Worktree, arguments);

    /// <summary>The worktree's status (ignored files too) and its branch: "" and the branch name when all is in order.</summary>
    public async Task<(string Status, string Head)> WorktreeStateAsync() =>
        (await GitAsync("status", "--porcelain=v1", "--untracked-files=all"), await GitAsync("symbolic-ref", "--quiet", "--short", "HEAD"));

    public bool Exists(string relative) => File.Exists(Path.Combine(Worktree, relative));

    public string Read(string relative) => File.ReadAllText(Path.Combine(Worktree, relative));

    public void Dispose()
    {
        Queue.Dispose();
        Repo.Dispose();
    }
}
