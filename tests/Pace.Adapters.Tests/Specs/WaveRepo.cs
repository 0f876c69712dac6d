using System.Text;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Git;
using Pace.Adapters.Specs;
using Pace.Adapters.Tests.Support;
using Pace.Core.Specs;

namespace Pace.Adapters.Tests.Specs;

/// <summary>
/// A native spec "demo" of two waves (task a, then task b) in a real git repository with the local
/// forge, as a run leaves it after wave 1's tasks are merged: the base branch feature/demo off main and
/// the wave branch feature/demo-wave-1 one commit ahead. The checkpoints (the effects' and the forge's)
/// and the log lines are recorded in order.
/// </summary>
internal sealed class WaveRepo : IDisposable
{
    public const string BaseBranch = "feature/demo";
    public const string WaveBranch = "feature/demo-wave-1";

    private const string SpecJson = """
        {
          "name": "demo",
          "tasks": [
            { "id": "a", "title": "Add a.txt", "prompt": "write a.txt", "checks": ["test -f a.txt"] },
            { "id": "b", "title": "Add b.txt", "prompt": "write b.txt", "depends_on": ["a"] }
          ]
        }
        """;

    private WaveRepo(TempGitRepo git)
    {
        Git = git;
        Spec = SpecParser.Parse("spec.json", Encoding.UTF8.GetBytes(SpecJson)).Spec!;
        Layout = new SpecLayout(git.Root, "", "spec.json", Spec.Name, Spec.Format);
        Repository = git.Repository();
        Forge = new LocalForge(Layout.PaceFolder, Repository, Clock) { Checkpoint = Checkpoints.Add };
    }

    public TempGitRepo Git { get; }

    public Spec Spec { get; }

    public SpecLayout Layout { get; }

    public GitCliRepository Repository { get; }

    public LocalForge Forge { get; }

    public TimeProvider Clock { get; } = new FixedClock(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    public List<string> Checkpoints { get; } = [];

    public List<string> Log { get; } = [];

    /// <summary>Wave 1 of 2, its pull request into the base branch, no review yet.</summary>
    public WaveAtHand Wave { get; } = new(1, 2, WaveBranch, "main", BaseBranch, 0);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<WaveRepo> CreateAsync()
    {
        var git = await TempGitRepo.CreateAsync();
        await git.GitAsync("branch", BaseBranch);
        await git.GitAsync("switch", "-q", "-c", WaveBranch);
        git.Write("a.txt", "a\n");
        await git.CommitAsync("task a");
        await git.GitAsync("switch", "-q", "main");
        return new WaveRepo(git);
    }

    public Task<string> HeadOfAsync(string branch) => Git.GitAsync("rev-parse", "refs/heads/" + branch);

    /// <summary>What WaveEffects hands the classes: the branch's worktree at the path, made if missing.</summary>
    public async Task<string> WorktreeAsync(string path, string branch, CancellationToken cancellationToken)
    {
        await Repository.AddWorktreeAsync(path, branch, cancellationToken);
        return path;
    }

    /// <summary>A commit on the wave branch, in its worktree when it has one; returns the new head.</summary>
    public async Task<string> CommitOnWaveAsync(string file, string message)
    {
        var tree = Layout.WaveWorktree(1);
        if (!Directory.Exists(tree))
        {
            await WorktreeAsync(tree, WaveBranch, Token);
        }

        File.WriteAllText(Path.Combine(tree, file), file + "\n");
        await Git.GitInAsync(tree, "add", "--all");
        await Git.GitInAsync(tree, "commit", "--quiet", "-m", message);
        return await Git.GitInAsync(tree, "rev-parse", "HEAD");
    }

    public void Dispose() => Git.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
