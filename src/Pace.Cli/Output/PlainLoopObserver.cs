using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Cli.Output;

/// <summary>
/// The feature loop as plain lines: for pipes, CI logs, and everything that is not a terminal. With
/// several sessions at once (--parallel) each session's indented lines carry its number.
/// </summary>
internal sealed class PlainLoopObserver : ILoopObserver
{
    private readonly TextWriter _out;
    private readonly TimeProvider _clock;
    private readonly Dictionary<int, DateTimeOffset> _sessionStarts = [];
    private DateTimeOffset _runStart;
    private bool _many;

    public PlainLoopObserver(TextWriter output, TimeProvider clock)
    {
        _out = TextWriter.Synchronized(output);
        _clock = clock;
    }

    public void RunStarted(RunState state, bool resumed)
    {
        // A resumed run may go on with a session an earlier process started: its time here counts from now.
        _runStart = _clock.GetUtcNow();
        var o = state.Options;
        _many = o.Parallel > 1 || state.Lanes.Count > 0;
        var limit = o.MaxSessions is { } max ? $"at most {max} sessions" : "until every feature passes";
        var lanes = state.Lanes.Count > 0 ? $"{state.Lanes.Count} session(s) in lanes" : state.Current?.Phase.ToString() ?? "between sessions";
        _out.WriteLine(resumed
            ? $"Resuming run {state.RunId} after session {state.LastSession} ({lanes})"
            : $"Run {state.RunId}: agent {o.Agent}, {limit}, stop after {o.MaxFailures} failures in a row{(o.Parallel > 1 ? $", up to {o.Parallel} features at once" : "")}");
    }

    /// <summary>How an indented line of session <paramref name="session"/> starts.</summary>
    private string Indent(int session) => _many ? $"  [{session}] " : "  ";

    public void BaselineMeasured(TestTotals? totals, IReadOnlyList<CheckResult> checks) =>
        _out.WriteLine(checks.Count == 0
            ? "Baseline: no checks configured (pace.checks in pace.json): Pace cannot verify anything, so every session will fail"
            : $"Baseline: {Describe(totals)}; {checks.Count(c => c.Passed)}/{checks.Count} checks pass before any session");

    public void SessionStarted(int session, Feature feature, FeatureProgress progress)
    {
        lock (_sessionStarts)
        {
            _sessionStarts[session] = _clock.GetUtcNow();
        }

        _out.WriteLine($"Session {session}: {PlainOutput.Describe(feature)} [{progress.Passing}/{progress.Total}]");
    }

    public void AgentEvent(int session, AgentEvent evt)
    {
        var line = evt switch
        {
            AgentToolUsed tool => $"{tool.Tool} {tool.Summary}",
            AgentTextEmitted text => "says: " + Shorten(text.Text),
            AgentPermissionDenied denied => $"DENIED {denied.Tool}: {Shorten(denied.Detail)}",
            AgentErrorReported error => "error: " + Shorten(error.Message),
            AgentApiRetried retry => $"API retry {retry.Attempt}{(retry.HttpStatus is { } status ? $" (HTTP {status})" : "")}",
            AgentUsageLimited { Warning: true } near => $"usage warning: close to the {near.Limit.Reason}",
            AgentUsageLimited hit => $"usage limit: {hit.Limit.Reason}",
            AgentFinished finished => $"agent claims {(finished.ClaimsSuccess ? "success" : "failure")}: {Shorten(finished.Message ?? "")}",
            _ => null,
        };
        if (line is not null)
        {
            _out.WriteLine(Indent(session) + line);
        }
    }

    public void ChecksStarted(int session) => _out.WriteLine(Indent(session) + "Pace is verifying...");

    public void SessionFinished(int session, Feature feature, bool passed, SessionEvidence? evidence, string? commit, RunState state)
    {
        DateTimeOffset started;
        lock (_sessionStarts)
        {
            started = _sessionStarts.Remove(session, out var at) ? at : _runStart;
        }

        var took = (_clock.GetUtcNow() - started).TotalSeconds;
        var indent = Indent(session);
        var totals = evidence?.TotalsAfter is { } t ? $" ({t.Passed} tests pass)" : "";
        if (passed)
        {
            _out.WriteLine($"Session {session}: PASSED, verified by Pace{totals}, committed {commit?[..Math.Min(7, commit.Length)]} ({took:0.0}s)");
            return;
        }

        _out.WriteLine(evidence?.Verdict.ClaimedSuccessFalsely == true
            ? $"Session {session}: FAILED although the agent claimed success ({took:0.0}s)"
            : $"Session {session}: FAILED ({took:0.0}s)");
        foreach (var reason in evidence?.Verdict.Reasons ?? [])
        {
            _out.WriteLine(indent + "- " + reason);
        }

        // The end of the first failed check's output usually says why (the failing assertion).
        if (evidence?.Checks.FirstOrDefault(c => !c.Passed) is { } failed)
        {
            foreach (var line in failed.OutputTail.TrimEnd().Split('\n').TakeLast(6))
            {
                _out.WriteLine(indent + "  | " + line.TrimEnd());
            }
        }

        if (evidence?.AttemptRef is { } attempt)
        {
            _out.WriteLine($"{indent}the attempt is kept on {attempt}; the tree is back at the session's start");
        }
    }

    public void FeatureStuck(FeatureAttempts attempts) =>
        _out.WriteLine($"  {attempts.FeatureId} is stuck after {attempts.Failures} failed session{(attempts.Failures == 1 ? "" : "s")}: set aside, the run goes on with the next feature");

    public void Paused(PauseState pause) =>
        _out.WriteLine($"  {PauseText.Of(pause)}: not counted as a failure; the partial work is kept on refs/pace/interrupted/, the tree is back at the session's start");

    public void AgentPaused(PauseState pause, string next) =>
        _out.WriteLine($"  {pause.Agent} {PauseText.Until(pause)} ({pause.Reason}): not counted as a failure; the next sessions go to {next}");

    public void Resumed(PauseState pause) => _out.WriteLine($"Resumed after the {pause.Reason} of {pause.Agent}");

    public void RunFinished(RunSummary summary) => Summary(_out, summary);

    public static void Summary(TextWriter output, RunSummary summary)
    {
        var rule = new string('=', 60);
        output.WriteLine(rule);
        output.WriteLine(" PACE ORCHESTRATION SUMMARY");
        output.WriteLine(rule);
        output.WriteLine($"Sessions run: {summary.SessionsRun}");
        output.WriteLine($"Features completed: {summary.FeaturesCompleted}");
        output.WriteLine($"Progress: {summary.Passing}/{summary.Total} ({summary.Percentage:0.0}%)");
        output.WriteLine($"Stopped: {StopText(summary.Reason)}{(summary.Waiting.Count > 0 ? " or waits on a stuck one" : "")}");
        foreach (var stuck in summary.Stuck)
        {
            output.WriteLine($"Stuck: {stuck.FeatureId} after {stuck.Failures} failed session{(stuck.Failures == 1 ? "" : "s")}: {string.Join("; ", stuck.LastReasons)}");
        }

        if (summary.Waiting.Count > 0)
        {
            output.WriteLine($"Waiting (depends_on, until these pass): {NextWork.Describe(summary.Waiting, summary.Stuck)}");
        }

        if (summary.Stuck.Count > 0)
        {
            output.WriteLine("  'pace run --retry-stuck' tries them again");
        }

        output.WriteLine(rule);
    }

    public static string StopText(StopReason reason) => reason switch
    {
        StopReason.AllPassing => "every feature passes",
        StopReason.MaxSessions => "the session limit was reached",
        StopReason.ConsecutiveFailures => "too many failed sessions in a row",
        StopReason.Budget => "the run's cost budget is spent",
        StopReason.Stuck => "every feature left is stuck",
        StopReason.PauseLimit => "waiting for the agent's usage window would pass usageLimits.maxPauseHours",
        _ => reason.ToString(),
    };

    internal static string Describe(TestTotals? totals) =>
        totals is null ? "no test totals found in the checks' output" : $"{totals.Passed} tests passed, {totals.Failed} failed, {totals.Skipped} skipped";

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length > 120 ? flat[..120] + "..." : flat;
    }
}
