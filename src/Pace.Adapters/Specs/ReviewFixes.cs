using Pace.Adapters.Git;
using Pace.Core.Forge;
using Pace.Core.Git;
using Pace.Core.Ports;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Specs;

/// <summary>
/// An agent addressing the blocking comments of a spec wave's pull request: one verified session on the
/// wave branch from the commit that was reviewed, its commit found again by its trailer after a crash,
/// then the fixes published to the forge and each blocking comment with a thread answered.
/// </summary>
/// <param name="projectChecks">The project's checks (pace.json); the wave's tasks' own are added.</param>
/// <param name="worktree">The worktree of a branch at a path, made if missing.</param>
/// <param name="runSession">Runs the verified session (waiting out usage windows) and judges it.</param>
internal sealed class ReviewFixes(
    IForge forge, IRepository repository, Spec spec, SpecLayout layout, IReadOnlyList<CheckSpec> projectChecks, TimeProvider clock,
    IReadOnlyDictionary<string, string?>? gitEnvironment, Func<string, string, CancellationToken, Task<string>> worktree,
    Func<ReviewFixes.Session, CancellationToken, Task<ReviewFixes.Outcome>> runSession, Action<string> log)
{
    private DateTimeOffset Now => clock.GetUtcNow();

    public static string Trailer(string spec, int wave, int cycle) => $"Pace-Review-Fix: {spec}/{wave}/{cycle}";

    public async Task AddressAsync(AddressReview address, WaveAtHand at, Func<SpecEvent, Task> report, CancellationToken cancellationToken)
    {
        var name = spec.Name;
        var wave = at.Wave;
        var tree = await worktree(layout.WaveWorktree(wave), address.WaveBranch, cancellationToken).ConfigureAwait(false);
        var workspace = new GitCliWorkspace(tree, gitEnvironment);
        var trailer = Trailer(name, wave, address.Cycle);
        var target = await repository.HeadOfAsync(at.PullRequestTarget, cancellationToken).ConfigureAwait(false);
        if (await workspace.FindCommitAsync(target, trailer, cancellationToken).ConfigureAwait(false) is { } made)
        {
            TaskEvidence.Complete(layout.SessionFolder(wave, $"fix-{address.Cycle}"), made.Sha);
            await PublishAsync(address, workspace, replied: true, cancellationToken).ConfigureAwait(false);
            await report(new ReviewFixesVerified(Now)).ConfigureAwait(false);
            return;
        }

        // The fixes start from the commit that was reviewed; an interrupted session's leftovers go to a ref.
        var reviews = await forge.GetReviewsAsync(address.PrNumber, cancellationToken).ConfigureAwait(false);
        var reviewed = reviews.LastOrDefault(r => r.Kind == ReviewKind.ChangesRequested)?.HeadSha ?? await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        if (await workspace.HeadAsync(cancellationToken).ConfigureAwait(false) != reviewed || (await workspace.ChangedPathsAsync(reviewed, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            var aside = await repository.NextRefAsync(RefNames.SpecItem(RefNames.Interrupted, name, $"review-{wave}-{address.Cycle}"), cancellationToken).ConfigureAwait(false);
            await workspace.SnapshotAsync(reviewed, aside, "pace: interrupted review fixes", cancellationToken).ConfigureAwait(false);
            await workspace.ResetAsync(reviewed, cancellationToken).ConfigureAwait(false);
        }

        log($"wave {wave}: an agent addresses {address.Comments.Count} blocking comment(s) of PR #{address.PrNumber} (review cycle {address.Cycle})");
        var checks = SpecChecks.For(projectChecks, [.. spec.TasksOf(wave).SelectMany(t => t.Checks).Distinct(StringComparer.Ordinal)]);
        var prompt = SpecPrompts.Fix(spec, wave, address.Cycle, address.Comments, [.. checks.Select(c => c.Command)]);
        var item = $"review-{wave}-{address.Cycle}";
        var outcome = await runSession(
            new Session(
                $"wave {wave}: the fixes for review {address.Cycle}", wave, tree, reviewed, prompt, checks, layout.SessionFolder(wave, $"fix-{address.Cycle}"), item,
                $"review({name}): address review {address.Cycle} of PR #{address.PrNumber}\n\n{trailer}",
                RefNames.SpecItem(RefNames.SpecAttempts, name, item), RefNames.SpecItem(RefNames.Interrupted, name, item)),
            cancellationToken).ConfigureAwait(false);
        if (outcome.Passed)
        {
            await PublishAsync(address, workspace, replied: false, cancellationToken).ConfigureAwait(false);
        }

        await report(outcome.Passed
            ? new ReviewFixesVerified(Now)
            : new ReviewFixesFailed(Now, $"the fixes for review {address.Cycle} of PR #{address.PrNumber} failed verification: {string.Join("; ", outcome.Reasons)} (attempt kept on {outcome.AttemptRef})")).ConfigureAwait(false);
    }

    /// <summary>
    /// The verified fixes go to the forge's wave branch; each blocking comment with a thread gets a reply
    /// (not again when <paramref name="replied"/>: an interrupted run found the fixes already made).
    /// </summary>
    private async Task PublishAsync(AddressReview address, GitCliWorkspace workspace, bool replied, CancellationToken cancellationToken)
    {
        var head = await workspace.HeadAsync(cancellationToken).ConfigureAwait(false);
        await forge.PublishAsync(address.WaveBranch, head, cancellationToken).ConfigureAwait(false);
        if (replied)
        {
            return;
        }

        var reviews = await forge.GetReviewsAsync(address.PrNumber, cancellationToken).ConfigureAwait(false);
        var threads = reviews.LastOrDefault(r => r.Kind == ReviewKind.ChangesRequested)?.Blocking.Where(c => c.Id is not null) ?? [];
        foreach (var comment in threads)
        {
            await forge.ReplyAsync(address.PrNumber, comment, $"Addressed in {head[..7]} (review cycle {address.Cycle}); Pace verified it.", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The fix session for the session runner: the agent works in <paramref name="Tree"/> from <paramref name="Reviewed"/>,
    /// judged by <paramref name="Checks"/> against the wave's baseline; passed, one commit with <paramref name="Message"/>;
    /// failed, the attempt goes under <paramref name="AttemptPrefix"/>; stopped by a usage window, its work under <paramref name="InterruptedPrefix"/>.
    /// </summary>
    /// <param name="What">How the pause of a usage window names the session in the log.</param>
    /// <param name="Wave">The wave whose baseline the session is judged against.</param>
    public sealed record Session(
        string What, int Wave, string Tree, string Reviewed, string Prompt, IReadOnlyList<CheckSpec> Checks, string Folder, string Item,
        string Message, string AttemptPrefix, string InterruptedPrefix);

    /// <summary>How the fix session ended: the reasons and the ref its attempt was kept on when it did not pass.</summary>
    public sealed record Outcome(bool Passed, IReadOnlyList<string> Reasons, string? AttemptRef);
}
