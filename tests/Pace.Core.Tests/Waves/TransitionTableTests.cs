using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class TransitionTableTests
{
    private static IEnumerable<SpecState> SampleStates()
    {
        var manual = new SpecFlags { ManualMode = true };
        var started = New().Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]));
        yield return New();
        yield return New().Then(new RunRequested(Min(0)));
        yield return started;
        yield return started.Then(new TaskFailed(Min(2), 1, "a", "broken"));
        yield return started.Then(new TaskPassed(Min(2), 1, "a"));
        yield return started.Then(new TaskPassed(Min(2), 1, "a"), new TaskPassed(Min(3), 1, "b"));
        yield return started.Then(new TaskPassed(Min(2), 1, "a"), new TaskPassed(Min(3), 1, "b"), new TaskBranchesMerged(Min(4), 1));
        yield return started.Then(new TaskPassed(Min(2), 1, "a"), new TaskPassed(Min(3), 1, "b"), new TaskMergeRefused(Min(4), 1, "b", "x", "k"), new TaskPassed(Min(5), 1, "b"));
        yield return New(flags: manual).Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a"]), new TaskPassed(Min(2), 1, "a"), new TaskBranchesMerged(Min(4), 1));
        yield return New().WithOpenPullRequest();
        yield return New().WithOpenPullRequest().Then(new ReviewPending(Min(40)));
        yield return New(flags: manual).WithOpenPullRequest();
        var changes = new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["x"]);
        yield return New().WithOpenPullRequest().Then(changes);
        yield return New(flags: manual).WithOpenPullRequest().Then(changes);
        yield return New(flags: new SpecFlags { MaxReviewCycles = 1 }).WithOpenPullRequest();
        yield return New().Approved();
        yield return New(waves: 1).Approved();
        yield return New().Merged();
        yield return New(waves: 1).Approved().Then(new MergeConfirmed(Min(9)), new PullRequestMerged(Min(10)));
        yield return New().Approved().Then(new MergeFailed(Min(9), "conflict"));
        yield return New(waves: 1).Approved().Then(new MergeConfirmed(Min(9)), new PullRequestMerged(Min(10)), new BranchCleaned(Min(11)));

        // A task of the next wave started early, in each phase it may run in.
        var early = new EarlyTaskStarted(Min(2), 2, "c", "f0");
        yield return started.Then(early);
        yield return New().WithOpenPullRequest().Then(early);
        yield return New().WithOpenPullRequest().Then(changes, early);
        yield return New().Approved().Then(early);
    }

    private static IEnumerable<SpecEvent> SampleEvents() =>
    [
        new RunRequested(Min(30)), new RetryRequested(Min(30)), new RecoverRequested(Min(30)), new RecoverRequested(Min(30), 4),
        new SettingsApplied(Min(30), new SpecFlags { EarlyStart = false, ManualMode = true }),
        new WaveStarted(Min(30), 1, ["a", "b"]), new TaskPassed(Min(30), 1, "a"), new TaskPassed(Min(30), 1, "b"),
        new TaskFailed(Min(30), 1, "a", "x"), new TaskFailed(Min(30), 1, "b", "x"),
        new TaskPaused(Min(30), 1, new TaskPause("a", Min(30), Min(90), "claude", "five_hour limit", 1)), new TaskResumed(Min(30), 1, "a"),
        new TaskBranchesMerged(Min(30), 1), new TaskMergeRefused(Min(30), 1, "b", "x", "k"),
        new PullRequestOpened(Min(30), 1, 5, "u"), new PullRequestFailed(Min(30), 1, "x"),
        new ReviewPending(Min(30)), new ReviewUnreadable(Min(30), "x"), new ReviewReceived(Min(30), ReviewVerdict.Approved, []),
        new ReviewReceived(Min(30), ReviewVerdict.ChangesRequested, ["x"]),
        new ReviewFixesVerified(Min(30)), new ReviewFixesFailed(Min(30), "x"),
        new MergeConfirmed(Min(30)), new MergeDeclined(Min(30)), new PullRequestMerged(Min(30)), new MergeFailed(Min(30), "x"),
        new BranchCleaned(Min(30)), new BranchCleanupFailed(Min(30), "x"),
        new EarlyTaskStarted(Min(30), 2, "d", "f1"), new EarlyTaskPassed(Min(30), 2, "c", "c1"), new EarlyTaskFailed(Min(30), 2, "c", "x"),
    ];

    [Fact]
    public void Every_row_of_the_table_is_what_Decide_does_for_some_state_and_Decide_never_leaves_the_table()
    {
        var seen = new HashSet<(SpecPhase, string, SpecPhase, string)>();
        foreach (var state in SampleStates())
        {
            foreach (var evt in SampleEvents())
            {
                // Decide throws when a decision is not a row of the table.
                var decision = SpecMachine.Decide(state, evt);
                if (decision.Ignored is null)
                {
                    seen.Add((state.Phase, evt.GetType().Name, decision.Next.Phase, string.Join(",", decision.Effects.Select(e => e.GetType().Name))));
                }
            }
        }

        var unexercised = SpecMachine.Transitions
            .Where(t => !seen.Contains((t.From, t.Event, t.To, string.Join(",", t.Effects))))
            .Select(t => $"{t.From.Name()} + {t.Event} [{t.Guard}] -> {t.To.Name()}");
        unexercised.ShouldBeEmpty();
    }
}
