using System.Globalization;
using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Loop;
using Pace.Core.Notifications;
using Pace.Core.Verification;

namespace Pace.Cli.Output;

/// <summary>
/// The loop's observer for the screen, with the events a person wants to hear about while away
/// (run finished, feature stuck, paused and resumed, budget reached) also sent to pace.notify.
/// </summary>
internal sealed class NotifyingLoopObserver(ILoopObserver inner, INotifier notifier, TimeProvider clock) : ILoopObserver
{
    private string? _run;

    public void RunStarted(RunState state, bool resumed)
    {
        _run = state.RunId;
        inner.RunStarted(state, resumed);
    }

    public void BaselineMeasured(TestTotals? totals, IReadOnlyList<CheckResult> checks) => inner.BaselineMeasured(totals, checks);

    public void SessionStarted(int session, Feature feature, FeatureProgress progress) => inner.SessionStarted(session, feature, progress);

    public void AgentEvent(int session, AgentEvent evt) => inner.AgentEvent(session, evt);

    public void ChecksStarted(int session) => inner.ChecksStarted(session);

    public void SessionFinished(int session, Feature feature, bool passed, SessionEvidence? evidence, string? commit, RunState state) =>
        inner.SessionFinished(session, feature, passed, evidence, commit, state);

    public void FeatureStuck(FeatureAttempts attempts)
    {
        inner.FeatureStuck(attempts);
        var sessions = attempts.Failures == 1 ? "session" : "sessions";
        notifier.Send(Make(NoticeKinds.Stuck, $"{attempts.FeatureId} is stuck after {attempts.Failures} failed {sessions} ({string.Join("; ", attempts.LastReasons)}); set aside, the run goes on with the next feature")
            with { Feature = attempts.FeatureId });
    }

    public void Paused(PauseState pause)
    {
        inner.Paused(pause);
        notifier.Send(Make(NoticeKinds.Paused, $"{PauseText.Of(pause)}: the run waits for the agent's usage window") with { Pause = pause });
    }

    /// <summary>One agent's window is closed and a fallback takes the sessions: the run goes on, but a person may want to know.</summary>
    public void AgentPaused(PauseState pause, string next)
    {
        inner.AgentPaused(pause, next);
        notifier.Send(Make(NoticeKinds.Paused, $"{PauseText.Of(pause)}: the sessions go to {next} meanwhile; the run goes on") with { Pause = pause });
    }

    public void Resumed(PauseState pause)
    {
        inner.Resumed(pause);
        notifier.Send(Make(NoticeKinds.Resumed, $"Resumed after the {pause.Reason} of {pause.Agent}") with { Pause = pause });
    }

    public void RunFinished(RunSummary summary)
    {
        inner.RunFinished(summary);
        if (summary.Reason == StopReason.Budget)
        {
            notifier.Send(Make(NoticeKinds.BudgetReached, $"The run's cost budget is spent: {summary.CostUsd.ToString("0.00", CultureInfo.InvariantCulture)} USD after {summary.SessionsRun} sessions"));
        }

        var stuck = summary.Stuck.Count == 0 ? "" : $"; stuck: {string.Join(", ", summary.Stuck.Select(s => s.FeatureId))}";
        var waiting = summary.Waiting.Count == 0 ? "" : $"; waiting (depends_on): {NextWork.Describe(summary.Waiting, summary.Stuck)}";
        notifier.Send(Make(NoticeKinds.RunFinished, $"Run {summary.RunId} stopped: {PlainLoopObserver.StopText(summary.Reason)}; {summary.Passing}/{summary.Total} features pass{stuck}{waiting}") with
        {
            StopReason = summary.Reason.ToString(),
            Passing = summary.Passing,
            Total = summary.Total,
        });
    }

    private Notice Make(string kind, string message) => new(kind, clock.GetUtcNow(), message) { Run = _run };
}
