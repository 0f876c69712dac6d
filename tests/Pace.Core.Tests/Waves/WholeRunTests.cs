using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class WholeRunTests
{
    /// <summary>
    /// A three-wave spec from INIT to COMPLETED, each event with the effects it must produce. Wave 2's
    /// review asks for changes once; wave 3 is final and needs the user's yes.
    /// </summary>
    private static readonly (SpecEvent Event, string[] Effects)[] Script =
    [
        (new RunRequested(Min(0)), ["RunWaveTasks"]),
        (new WaveStarted(Min(1), 1, ["1", "2"]), []),
        (new TaskPassed(Min(10), 1, "2"), []),
        (new TaskPassed(Min(12), 1, "1"), ["MergeTaskBranches"]),
        (new TaskBranchesMerged(Min(13), 1), ["OpenPullRequest"]),
        (new PullRequestOpened(Min(14), 1, 101, "https://forge.test/pr/101"), ["RequestReview", "PollReview"]),
        (new ReviewPending(Min(16)), ["PollReview"]),
        (new ReviewReceived(Min(18), ReviewVerdict.Approved, []), ["MergePullRequest"]),
        (new PullRequestMerged(Min(19)), ["CleanupBranches"]),
        (new BranchCleaned(Min(20)), ["RunWaveTasks"]),
        (new WaveStarted(Min(21), 2, ["3"]), []),
        (new TaskPassed(Min(30), 2, "3"), ["MergeTaskBranches"]),
        (new TaskBranchesMerged(Min(31), 2), ["OpenPullRequest"]),
        (new PullRequestOpened(Min(32), 2, 102, "https://forge.test/pr/102"), ["RequestReview", "PollReview"]),
        (new ReviewReceived(Min(34), ReviewVerdict.ChangesRequested, ["handle empty input"]), ["AddressReview"]),
        (new ReviewFixesVerified(Min(40)), ["RequestReview", "PollReview"]),
        (new ReviewPending(Min(42)), ["PollReview"]),
        (new ReviewReceived(Min(44), ReviewVerdict.Approved, []), ["MergePullRequest"]),
        (new PullRequestMerged(Min(45)), ["CleanupBranches"]),
        (new BranchCleaned(Min(46)), ["RunWaveTasks"]),
        (new WaveStarted(Min(47), 3, ["4"]), []),
        (new TaskPassed(Min(55), 3, "4"), ["MergeTaskBranches"]),
        (new TaskBranchesMerged(Min(56), 3), ["OpenPullRequest"]),
        (new PullRequestOpened(Min(57), 3, 103, "https://forge.test/pr/103"), ["RequestReview", "PollReview"]),
        (new ReviewReceived(Min(59), ReviewVerdict.Approved, []), ["MergePullRequest"]),
        (new MergeConfirmed(Min(70)), ["MergePullRequest"]),
        (new PullRequestMerged(Min(71)), ["CleanupBranches"]),
        (new BranchCleaned(Min(72)), []),
    ];

    [Fact]
    public void I_can_drive_a_three_wave_spec_event_by_event_to_completed()
    {
        var state = New();
        var merges = new List<MergePullRequest>();
        foreach (var (evt, effects) in Script)
        {
            var decision = state.Feed(evt);
            decision.Effects.Select(e => e.GetType().Name).ShouldBe(effects, $"after {evt}");
            merges.AddRange(decision.Effects.OfType<MergePullRequest>());
            state = decision.Next;
        }

        state.Phase.ShouldBe(SpecPhase.Completed);
        state.UpdatedAt.ShouldBe(Min(72));
        state.History.Select(h => (h.Wave, h.PrNumber, h.Status, h.ReviewCycles, h.BranchCleaned)).ShouldBe([
            (1, (int?)101, WaveOutcome.Merged, 1, true),
            (2, 102, WaveOutcome.Merged, 2, true),
            (3, 103, WaveOutcome.Merged, 1, true),
        ]);
        merges.Select(m => (m.Target, m.NeedsConfirmation)).ShouldBe([
            ("feature/ui", false), ("feature/ui", false), ("main", true), ("main", false),
        ]);
        SpecStatusReport.Of(state).Status.ShouldBe("completed");
    }

    [Fact]
    public void A_state_persisted_and_read_back_at_every_step_decides_exactly_as_one_kept_in_memory()
    {
        var inMemory = New();
        var persisted = SpecStateJson.Write(New());
        foreach (var (evt, _) in Script)
        {
            var fromMemory = SpecMachine.Decide(inMemory, evt);
            var fromFile = SpecMachine.Decide(SpecStateJson.Read("state.json", persisted), evt);

            fromFile.Effects.SequenceEqual(fromMemory.Effects, new EffectComparer()).ShouldBeTrue($"effects of {evt}");
            SpecStateJson.Write(fromFile.Next).ShouldBe(SpecStateJson.Write(fromMemory.Next), $"state after {evt}");
            inMemory = fromMemory.Next;
            persisted = SpecStateJson.Write(fromFile.Next);
        }
    }

    [Fact]
    public void Replaying_the_same_events_from_a_persisted_state_gives_the_same_state()
    {
        var start = SpecStateJson.Write(New());
        var half = Script.Length / 2;

        byte[] Replay(byte[] from, IEnumerable<SpecEvent> events) =>
            SpecStateJson.Write(events.Aggregate(SpecStateJson.Read("state.json", from), (s, e) => SpecMachine.Decide(s, e).Next));

        var once = Replay(start, Script.Select(s => s.Event));
        var twice = Replay(start, Script.Select(s => s.Event));
        var resumedHalfway = Replay(Replay(start, Script.Take(half).Select(s => s.Event)), Script.Skip(half).Select(s => s.Event));

        twice.ShouldBe(once);
        resumedHalfway.ShouldBe(once);
    }

    /// <summary>Effects hold lists, which records compare by reference; compare them by content.</summary>
    private sealed class EffectComparer : IEqualityComparer<SpecEffect>
    {
        public bool Equals(SpecEffect? x, SpecEffect? y) => x switch
        {
            MergeTaskBranches a => y is MergeTaskBranches b && a with { TaskIds = [] } == b with { TaskIds = [] } && a.TaskIds.SequenceEqual(b.TaskIds),
            AddressReview a => y is AddressReview b && a with { Comments = [] } == b with { Comments = [] } && a.Comments.SequenceEqual(b.Comments),
            CleanupBranches a => y is CleanupBranches b && a.Wave == b.Wave && a.Branches.SequenceEqual(b.Branches),
            _ => object.Equals(x, y),
        };

        public int GetHashCode(SpecEffect obj) => obj.GetType().GetHashCode();
    }
}
