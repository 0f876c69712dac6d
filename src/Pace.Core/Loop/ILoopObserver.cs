using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>What the loop tells its user interface; every call is informational and must not throw.</summary>
public interface ILoopObserver
{
    void RunStarted(RunState state, bool resumed);

    void BaselineMeasured(TestTotals? totals, IReadOnlyList<CheckResult> checks);

    void SessionStarted(int session, Feature feature, FeatureProgress progress);

    void AgentEvent(int session, AgentEvent evt);

    void ChecksStarted(int session);

    /// <param name="evidence">What Pace checked; null only when the evidence file could not be read back.</param>
    void SessionFinished(int session, Feature feature, bool passed, SessionEvidence? evidence, string? commit, RunState state);

    /// <summary>A feature was set aside after its failed sessions; the run goes on with the next workable one.</summary>
    void FeatureStuck(FeatureAttempts attempts)
    {
    }

    /// <summary>Session <paramref name="session"/> ended without a verdict: its agent hit a usage limit (<see cref="Paused"/> or <see cref="AgentPaused"/> says what follows).</summary>
    void SessionPaused(int session)
    {
    }

    /// <summary>An agent hit a usage limit: the run waits until <see cref="PauseState.Until"/>.</summary>
    void Paused(PauseState pause)
    {
    }

    void Resumed(PauseState pause)
    {
    }

    /// <summary>An agent hit a usage limit and the run goes on with <paramref name="next"/>, a fallback agent whose window is open.</summary>
    void AgentPaused(PauseState pause, string next)
    {
    }

    void RunFinished(RunSummary summary);
}
