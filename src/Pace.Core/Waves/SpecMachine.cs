namespace Pace.Core.Waves;

/// <summary>
/// The spec state machine as a pure function: <see cref="Decide"/> takes the persisted state and
/// one event and returns the next state and the effects to perform. No clock (time comes in the
/// events), no IO, no randomness: replaying the same events on the same state gives the same result.
/// The executor's loop: persist <c>Next</c> (and a journal entry), perform the effects in order,
/// feed each outcome back as an event; stop when a decision has no effects and report
/// <see cref="SpecStatusReport.Of"/>.
/// </summary>
public static partial class SpecMachine
{
    /// <summary>The transition table, in the order of the rules.</summary>
    // A property, not a field initialiser: initialisers in different partial files run in no defined order.
    public static IReadOnlyList<SpecTransition> Transitions => [.. Rules.SelectMany(r => r.Outcomes)];

    public static Decision Decide(SpecState state, SpecEvent evt)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(evt);
        if (evt is IWaveEvent { Wave: var wave } && wave != state.CurrentWave)
        {
            return Decision.Ignore(state, $"{evt.GetType().Name} is for wave {wave}; the run is at wave {state.CurrentWave}");
        }

        var rule = Array.Find(Rules, r => r.From == state.Phase && r.On == evt.GetType());
        if (rule is null)
        {
            return Decision.Ignore(state, state.Phase switch
            {
                SpecPhase.Completed => $"spec {state.SpecName} is complete",
                SpecPhase.Failed => $"the run failed ({state.ExecutionStatus.LastError}); retry or recover first",
                _ => $"{evt.GetType().Name} is not expected in {state.Phase.Name()}",
            });
        }

        var decision = rule.Handle(state, evt);
        if (decision.Ignored is not null)
        {
            return decision;
        }

        var effects = decision.Effects.Select(e => e.GetType().Name).ToList();
        if (!rule.Outcomes.Any(o => o.To == decision.Next.Phase && o.Effects.SequenceEqual(effects)))
        {
            throw new InvalidOperationException(
                $"{state.Phase.Name()} + {evt.GetType().Name} gave {decision.Next.Phase.Name()} with [{string.Join(", ", effects)}], which the transition table does not list");
        }

        return decision with { Next = decision.Next with { UpdatedAt = evt.At } };
    }

    private static Decision Go(SpecState next, params SpecEffect[] effects) => new(next, effects);

    /// <summary>The wave ends in FAILED: history gets its entry, the reason goes to last_error and to the user.</summary>
    private static Decision FailWave(SpecState s, DateTimeOffset at, string reason)
    {
        var record = new WaveRecord
        {
            Wave = s.CurrentWave,
            PrNumber = s.PrNumber,
            PrUrl = s.PrUrl,
            Status = WaveOutcome.Failed,
            StartedAt = s.ExecutionStatus.WaveStartedAt ?? at,
            ReviewCycles = s.ReviewStatus.ReviewCycles,
        };
        return Go(
            s with
            {
                Phase = SpecPhase.Failed,
                History = [.. s.History, record],
                ExecutionStatus = s.ExecutionStatus with { LastError = reason },
            },
            new Fail(reason));
    }

    private static TimeSpan Interval(SpecState s) => TimeSpan.FromMilliseconds(s.Flags.PollIntervalMs);

    /// <summary>Review is (re)requested; polling starts unless the run is in manual mode.</summary>
    private static SpecEffect[] RequestAndPoll(SpecState s) =>
        s.Flags.ManualMode ? [new RequestReview(s.PrNumber!.Value)] : [new RequestReview(s.PrNumber!.Value), new PollReview(s.PrNumber!.Value, Interval(s))];

    private static MergePullRequest MergeFor(SpecState s) =>
        new(s.PrNumber!.Value, s.PullRequestTarget, Squash: true, NeedsConfirmation: s.IsFinalWave && !s.MergeConfirmed);
}
