using Pace.Adapters.Specs;
using Pace.Core.Forge;
using Pace.Core.Git;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

public sealed class ReviewFixesTests
{
    private const string Message = "review(demo): address review 1 of PR #1\n\nPace-Review-Fix: demo/1/1";

    private static readonly AddressReview Address = new(1, WaveRepo.WaveBranch, ["a.txt:1: add a test"], 1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ReviewFixes Fixes(WaveRepo repo, Func<ReviewFixes.Session, CancellationToken, Task<ReviewFixes.Outcome>> runSession) =>
        new(repo.Forge, repo.Repository, repo.Spec, repo.Layout, [CheckSpec.Of("true")], repo.Clock, repo.Git.Environment, repo.WorktreeAsync, runSession, repo.Log.Add);

    private static async Task<SpecEvent> AddressAsync(ReviewFixes fixes, WaveRepo repo)
    {
        var events = new List<SpecEvent>();
        await fixes.AddressAsync(Address, repo.Wave with { ReviewCycles = 1 }, e =>
        {
            events.Add(e);
            return Task.CompletedTask;
        }, Token);
        return events.ShouldHaveSingleItem();
    }

    private static Task<ReviewFixes.Outcome> NoSession(ReviewFixes.Session session, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("a session ran for fixes that were made already");

    private static async Task<string> ChangesRequestedAsync(WaveRepo repo)
    {
        await repo.Forge.OpenOrFindAsync(new PullRequestDraft(WaveRepo.WaveBranch, WaveRepo.BaseBranch, "t", "b"), Token);
        var reviewed = await repo.HeadOfAsync(WaveRepo.WaveBranch);
        await repo.Forge.PostReviewAsync(1, new Review("person", ReviewKind.ChangesRequested, "", [new ReviewComment("add a test", "a.txt", 1)], [], reviewed, DateTimeOffset.UnixEpoch), Token);
        return reviewed;
    }

    [Fact]
    public async Task The_fixes_start_from_the_reviewed_commit_and_an_interrupted_sessions_leftovers_are_kept_on_a_ref()
    {
        using var repo = await WaveRepo.CreateAsync();
        var reviewed = await ChangesRequestedAsync(repo);
        var tree = await repo.WorktreeAsync(repo.Layout.WaveWorktree(1), WaveRepo.WaveBranch, Token);
        File.WriteAllText(Path.Combine(tree, "half.txt"), "half done\n");
        var sessions = new List<ReviewFixes.Session>();
        var fixes = Fixes(repo, async (session, _) =>
        {
            sessions.Add(session);
            File.Exists(Path.Combine(session.Tree, "half.txt")).ShouldBeFalse();
            (await repo.Git.GitInAsync(session.Tree, "rev-parse", "HEAD")).ShouldBe(session.Reviewed);
            File.WriteAllText(Path.Combine(session.Tree, "a.test"), "test\n");
            await repo.Git.GitInAsync(session.Tree, "add", "--all");
            await repo.Git.GitInAsync(session.Tree, "commit", "--quiet", "-m", session.Message);
            return new ReviewFixes.Outcome(true, [], null);
        });

        var outcome = await AddressAsync(fixes, repo);

        outcome.ShouldBeOfType<ReviewFixesVerified>();
        var session = sessions.ShouldHaveSingleItem();
        session.ShouldBe(session with
        {
            What = "wave 1: the fixes for review 1",
            Wave = 1,
            Tree = tree,
            Reviewed = reviewed,
            Folder = repo.Layout.SessionFolder(1, "fix-1"),
            Item = "review-1-1",
            Message = Message,
            AttemptPrefix = RefNames.SpecItem(RefNames.SpecAttempts, "demo", "review-1-1"),
            InterruptedPrefix = RefNames.SpecItem(RefNames.Interrupted, "demo", "review-1-1"),
        });
        session.Checks.Select(c => c.Command).ShouldBe(["true", "test -f a.txt"]);
        session.Prompt.ShouldContain("a.txt:1: add a test");
        var kept = await repo.Git.GitAsync("ls-tree", "-r", "--name-only", RefNames.SpecItem(RefNames.Interrupted, "demo", "review-1-1") + "/1");
        kept.Split('\n').ShouldContain("half.txt");
        repo.Log.ShouldBe(["wave 1: an agent addresses 1 blocking comment(s) of PR #1 (review cycle 1)"]);
    }

    [Fact]
    public async Task Fixes_committed_before_a_crash_are_found_by_their_trailer_and_no_session_runs_again()
    {
        using var repo = await WaveRepo.CreateAsync();
        await ChangesRequestedAsync(repo);
        var fixedHead = await repo.CommitOnWaveAsync("a.test", Message);

        var outcome = await AddressAsync(Fixes(repo, NoSession), repo);

        outcome.ShouldBeOfType<ReviewFixesVerified>();
        (await repo.HeadOfAsync(WaveRepo.WaveBranch)).ShouldBe(fixedHead);
        (await repo.Git.GitAsync("for-each-ref", "refs/pace/")).ShouldBeEmpty();
        repo.Log.ShouldBeEmpty();
    }

    [Fact]
    public async Task Fixes_that_fail_verification_are_reported_with_the_reasons_and_where_the_attempt_is_kept()
    {
        using var repo = await WaveRepo.CreateAsync();
        await ChangesRequestedAsync(repo);
        var fixes = Fixes(repo, (_, _) => Task.FromResult(new ReviewFixes.Outcome(false, ["a check failed", "fewer tests"], "refs/pace/attempts/demo/review-1-1/1")));

        var outcome = await AddressAsync(fixes, repo);

        outcome.ShouldBe(new ReviewFixesFailed(repo.Clock.GetUtcNow(), "the fixes for review 1 of PR #1 failed verification: a check failed; fewer tests (attempt kept on refs/pace/attempts/demo/review-1-1/1)"));
    }
}
