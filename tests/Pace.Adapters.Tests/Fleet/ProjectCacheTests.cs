using Pace.Adapters.Fleet;
using Pace.Adapters.Tests.Support;

namespace Pace.Adapters.Tests.Fleet;

/// <summary>A worker's cache of projects, with real git: the run's remote is a test repository.</summary>
public sealed class ProjectCacheTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slots_checking_out_at_once_into_a_new_cache_each_get_a_tree_at_the_base()
    {
        using var remote = await TempGitRepo.CreateAsync();
        var cache = new ProjectCache(Path.Combine(remote.Folder, "cache"));

        // The first use of a cache makes its repository: four slots at once must not trip over one another.
        var trees = await Task.WhenAll(Enumerable.Range(1, 4).Select(n =>
            cache.CheckoutAsync(remote.Root, "refs/heads/main", remote.InitialCommit, $"pace/fleet/run/{n}-1", Token)));

        trees.Select(t => t.Repository).Distinct().Count().ShouldBe(1);
        foreach (var tree in trees)
        {
            File.ReadAllText(Path.Combine(tree.Path, "README.md")).ShouldBe("hello\n");
            (await remote.GitInAsync(tree.Path, "rev-parse", "HEAD")).Trim().ShouldBe(remote.InitialCommit);
        }
    }

    [Fact]
    public async Task A_base_the_cache_has_already_is_not_fetched_again_so_the_remote_is_not_needed_for_it()
    {
        using var remote = await TempGitRepo.CreateAsync();
        var cache = new ProjectCache(Path.Combine(remote.Folder, "cache"));
        var first = await cache.CheckoutAsync(remote.Root, "refs/heads/main", remote.InitialCommit, "pace/fleet/run/1-1", Token);
        await ProjectCache.RemoveAsync(first, Token);

        // The remote goes away: a session on the same base still gets its tree, from the cache's own objects.
        var gone = remote.Root + ".gone";
        Directory.Move(remote.Root, gone);
        var again = await cache.CheckoutAsync(remote.Root, "refs/heads/main", remote.InitialCommit, "pace/fleet/run/2-1", Token);
        Directory.Move(gone, remote.Root);

        File.ReadAllText(Path.Combine(again.Path, "README.md")).ShouldBe("hello\n");
        (await remote.GitInAsync(again.Path, "rev-parse", "HEAD")).Trim().ShouldBe(remote.InitialCommit);
        // Kept by the session's own ref while it works, as a fetched base is.
        (await remote.GitInAsync(again.Repository, "rev-parse", again.Fetched)).Trim().ShouldBe(remote.InitialCommit);
    }

    [Fact]
    public async Task A_base_ref_that_moved_is_refused_and_a_pushed_result_lands_on_the_remote_ref_of_the_claim()
    {
        using var remote = await TempGitRepo.CreateAsync();
        var cache = new ProjectCache(Path.Combine(remote.Folder, "cache"));
        var first = remote.InitialCommit;
        remote.Write("b.txt", "b\n");
        var second = await remote.CommitAsync("b");

        var moved = await Should.ThrowAsync<FleetException>(() => cache.CheckoutAsync(remote.Root, "refs/heads/main", first, "pace/fleet/run/1-1", Token));
        var tree = await cache.CheckoutAsync(remote.Root, "refs/heads/main", second, "pace/fleet/run/1-2", Token);
        await ProjectCache.PushAsync(tree, remote.Root, second, "refs/pace/results/run/1/2", Token);
        await ProjectCache.RemoveAsync(tree, Token);

        moved.Message.ShouldContain($"is at {second[..7]}, not at the session's base {first[..7]}");
        (await remote.GitAsync("rev-parse", "refs/pace/results/run/1/2")).Trim().ShouldBe(second);
        Directory.Exists(tree.Path).ShouldBeFalse();
        (await remote.GitInAsync(tree.Repository, "branch", "--list", "pace/fleet/*")).Trim().ShouldBeEmpty();
    }
}
