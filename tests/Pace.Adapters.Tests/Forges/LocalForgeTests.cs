using Pace.Adapters.Forges.Local;
using Pace.Adapters.Tests.Support;
using Pace.Core.Diagnostics;
using Pace.Core.Forge;

namespace Pace.Adapters.Tests.Forges;

public sealed class LocalForgeTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static LocalForge Forge(TempGitRepo repo) => new(Path.Combine(repo.Root, ".pace"), repo.Repository(), new FixedClock(At));

    /// <summary>A branch "feature" off main with one commit that adds feature.txt; returns its head.</summary>
    private static async Task<string> FeatureBranchAsync(TempGitRepo repo)
    {
        await repo.GitAsync("checkout", "--quiet", "-b", "feature");
        repo.Write("feature.txt", "feature\n");
        var head = await repo.CommitAsync("add feature.txt");
        await repo.GitAsync("checkout", "--quiet", "main");
        return head;
    }

    [Fact]
    public async Task I_can_open_a_pull_request_and_opening_it_again_finds_it_with_the_new_title_and_body()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var forge = Forge(repo);

        var first = await forge.OpenOrFindAsync(new PullRequestDraft("feature", "main", "Wave 1", "old body"), Token);
        var again = await forge.OpenOrFindAsync(new PullRequestDraft("feature", "main", "Wave 1 (retried)", "new body"), Token);
        var other = await forge.OpenOrFindAsync(new PullRequestDraft("other", "main", "Other", "b"), Token);

        (first.Number, again.Number, other.Number).ShouldBe((1, 1, 2));
        again.Title.ShouldBe("Wave 1 (retried)");
        var record = File.ReadAllText(forge.PathOf(1));
        record.ShouldContain("\"body\": \"new body\"");
        record.ShouldNotContain("old body");
        first.Url.ShouldBe("file://" + forge.PathOf(1));
        (await forge.GetAsync(3, Token)).ShouldBeNull();
    }

    [Fact]
    public async Task A_review_posted_twice_is_recorded_once_and_reads_back_as_posted()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var forge = Forge(repo);
        var pr = await forge.OpenOrFindAsync(new PullRequestDraft("feature", "main", "t", "b"), Token);
        var review = new Review("person", ReviewKind.ChangesRequested, "fix it", [new ReviewComment("add a test", "a.txt", 3)], ["later"], "abc", At);

        await forge.PostReviewAsync(pr.Number, review, Token);
        await forge.PostReviewAsync(pr.Number, review with { Blocking = [new ReviewComment("add a test", "a.txt", 3)], FutureItems = ["later"] }, Token);
        await forge.PostReviewAsync(pr.Number, review with { Kind = ReviewKind.Approved, Blocking = [], Body = "ok" }, Token);

        var reviews = await forge.GetReviewsAsync(pr.Number, Token);
        reviews.Select(r => (r.Kind, r.Body)).ShouldBe([(ReviewKind.ChangesRequested, "fix it"), (ReviewKind.Approved, "ok")]);
        reviews[0].Blocking.ShouldHaveSingleItem().ToString().ShouldBe("a.txt:3: add a test");
    }

    [Fact]
    public async Task Merging_squashes_the_head_onto_the_base_once_and_refuses_a_head_that_moved_or_a_closed_pull_request()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var head = await FeatureBranchAsync(repo);
        var forge = Forge(repo);
        var pr = await forge.OpenOrFindAsync(new PullRequestDraft("feature", "main", "t", "b"), Token);

        var moved = await forge.MergeAsync(pr.Number, repo.InitialCommit, "squash", Token);
        moved.ShouldBe(new ForgeMergeResult.HeadMoved(repo.InitialCommit, head));

        var merged = (await forge.MergeAsync(pr.Number, head, "Wave 1 squashed", Token)).ShouldBeOfType<ForgeMergeResult.Merged>();
        (await repo.GitAsync("rev-parse", "main")).ShouldBe(merged.Commit);
        (await repo.GitAsync("log", "-1", "--format=%s", "main")).ShouldBe("Wave 1 squashed");
        (await repo.GitAsync("rev-list", "--parents", "-1", "main")).Split(' ').Length.ShouldBe(2);
        (await repo.GitAsync("show", "main:feature.txt")).ShouldBe("feature");
        (await forge.MergeAsync(pr.Number, head, "again", Token)).ShouldBe(merged);
        (await forge.GetAsync(pr.Number, Token))!.Status.ShouldBe(PullRequestStatus.Merged);

        var closed = await forge.OpenOrFindAsync(new PullRequestDraft("feature", "main", "t2", "b"), Token);
        closed.Number.ShouldBe(2);
        await forge.CloseAsync(closed.Number, Token);
        (await forge.MergeAsync(closed.Number, head, "x", Token)).ShouldBe(new ForgeMergeResult.Refused("PR #2 is closed"));
    }

    [Fact]
    public async Task A_damaged_pull_request_record_is_an_input_error_naming_the_file_and_position()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var forge = Forge(repo);
        await forge.OpenOrFindAsync(new PullRequestDraft("feature", "main", "t", "b"), Token);
        File.WriteAllText(forge.PathOf(1), "{\n  \"number\": 1,\n  \"head\": nope\n}\n");

        var error = await Should.ThrowAsync<InputException>(() => forge.GetReviewsAsync(1, Token));

        error.Message.ShouldContain(forge.PathOf(1));
        error.Diagnostics.ShouldHaveSingleItem().Line.ShouldBe(3);
        await Should.ThrowAsync<InputException>(() => forge.PostReviewAsync(7, new Review("p", ReviewKind.Approved, "", [], [], "x", At), Token));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
