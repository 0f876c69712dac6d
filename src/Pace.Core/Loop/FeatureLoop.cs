using Pace.Core.Features;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>
/// The feature loop: next failing feature, a fresh agent session, Pace's own verification, then a
/// commit or a saved attempt; until every feature passes or a stop condition fires. Every step is
/// saved before its side effect, so a run killed anywhere resumes to the same end.
/// </summary>
public sealed partial class FeatureLoop
{
    private readonly LoopContext _context;

    /// <summary>The commit this process just made with everything in the tree, and the branch it went on; cleared when the next session starts.</summary>
    private (string Commit, string? Branch)? _lastCommit;

    /// <summary>The state as this process last saved it.</summary>
    private RunState? _saved;

    public FeatureLoop(LoopContext context) => _context = context;

    public async Task<RunSummary> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        _lastCommit = null;
        var store = _context.Store;
        var previous = store.Load();
        var resumed = previous is { Finished: false };
        // A resumed run goes on with the options it is given now: the host decides how they relate to the interrupted run's.
        var state = resumed ? previous! with { Options = options } : NewRun(options, previous);
        if (options.RetryStuck)
        {
            state = StuckRules.Unstuck(state);
        }

        Save(state, resumed ? "run-resumed" : "run-started", null, state.RunId);
        _context.Observer.RunStarted(state, resumed);

        if (!state.BaselineTaken)
        {
            state = await MeasureBaselineAsync(state, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            if (state.Current is { } unfinished)
            {
                state = await FinishSessionAsync(state, unfinished, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var list = LoadFeatureList();
            var stop = StopFor(state, list);
            if (stop is null && state.Pause is { } paused)
            {
                // Killed while paused, a restarted run comes here first and waits only the rest.
                if (await WaitOutAsync(state, paused, cancellationToken).ConfigureAwait(false) is { } resumedState)
                {
                    state = resumedState;
                    continue;
                }

                stop = StopReason.PauseLimit;
            }

            if (stop is { } reason)
            {
                state = state with { Finished = true, StopReason = reason };
                Save(state, "run-finished", null, reason.ToString());
                var summary = new RunSummary(state.RunId, state.SessionsRun, state.FeaturesCompleted, list.Progress.Passing, list.Progress.Total, reason, state.CostUsd)
                {
                    Stuck = StuckRules.StillStuck(state, list),
                    // Why a run with failing features left stopped: what they wait on.
                    Waiting = reason == StopReason.Stuck ? StuckRules.Waiting(state, list) : [],
                };
                _context.Observer.RunFinished(summary);
                return summary;
            }

            if (state.SessionsRun > 0 && state.Options.SessionDelay > TimeSpan.Zero)
            {
                // The finished session's state is on disk before a pause, not only after it.
                WriteState(state);
                await Task.Delay(state.Options.SessionDelay, _context.Clock, cancellationToken).ConfigureAwait(false);
            }

            state = await StartSessionAsync(state, list, cancellationToken).ConfigureAwait(false);
        }
    }

    private RunState NewRun(RunOptions options, RunState? previous)
    {
        var now = _context.Clock.GetUtcNow();
        return new RunState
        {
            RunId = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            StartedAt = now,
            Options = options,
            LastSession = previous?.LastSession ?? 0,
            // An agent's usage window outlives the run that met it: a new run does not knock on it again before its reset.
            AgentPauses = previous is null ? [] : FallbackAgents.Open(previous, now),
            // A stuck feature stays set aside in the next runs too, until it passes or --retry-stuck.
            Attempts = previous?.Attempts.Where(a => a.Stuck).ToList() ?? [],
        };
    }

    private static StopReason? StopFor(RunState state, FeatureList list)
    {
        if (list.Progress.IsComplete)
        {
            return StopReason.AllPassing;
        }

        if (StuckRules.TooManyFailures(state))
        {
            return StopReason.ConsecutiveFailures;
        }

        if (StuckRules.NextWorkable(list, state) is null)
        {
            return StopReason.Stuck;
        }

        if (state.Options.BudgetUsd is { } budget && state.CostUsd >= budget)
        {
            return StopReason.Budget;
        }

        return state.Options.MaxSessions is { } max && state.SessionsRun >= max ? StopReason.MaxSessions : null;
    }

    private async Task<RunState> MeasureBaselineAsync(RunState state, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_context.Store.SessionFolder(0), "baseline");
        var checks = await RunChecksAsync(folder, cancellationToken).ConfigureAwait(false);
        var totals = Verifier.SumTotals(checks);
        _context.Observer.BaselineMeasured(totals, checks);
        state = state with { BaselineTaken = true, Baseline = totals };
        Save(state, "baseline-measured", null, totals is null ? "no test totals" : $"{totals.Passed} passed, {totals.Failed} failed");
        return state;
    }

    private async Task<List<CheckResult>> RunChecksAsync(string outputFolder, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var check in _context.Config.Checks)
        {
            results.Add(await _context.Checks.RunAsync(check, _context.Workspace.Root, outputFolder, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private FeatureList LoadFeatureList()
    {
        var path = _context.Layout.FeatureList;
        var bytes = _context.Files.Read(path) ?? throw new Diagnostics.InputException($"{path}: the feature list is gone");
        var result = FeatureListParser.Parse(Path.Combine(_context.Files.Root, path), bytes);
        return result.List ?? throw new Diagnostics.InputException($"{path}: the feature list is invalid; nothing was changed", result.Errors.ToList());
    }
}
