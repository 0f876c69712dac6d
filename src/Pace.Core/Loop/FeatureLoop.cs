using Pace.Core.Features;
using Pace.Core.Verification;

namespace Pace.Core.Loop;

/// <summary>
/// The feature loop: next failing feature, a fresh agent session, Pace's own verification, then a
/// commit or a saved attempt; until every feature passes or a stop condition fires. Every step is
/// saved before its side effect, so a run killed anywhere resumes to the same end. With several
/// agent slots the sessions run at once, each in a lane of its own (FeatureLoop.Lanes.cs).
/// </summary>
public sealed partial class FeatureLoop
{
    private readonly LoopContext _context;

    /// <summary>Guards <see cref="_state"/> and its saves: the lanes of a parallel run change it at once.</summary>
    private readonly Lock _gate = new();

    /// <summary>The commit this process just made with everything in the tree, and the branch it went on; cleared when the next session starts.</summary>
    private (string Commit, string? Branch)? _lastCommit;

    /// <summary>The run's state as it is now (changed only through <see cref="Update"/> and <see cref="Save"/>).</summary>
    private RunState _state = null!;

    /// <summary>The state as this process last saved it.</summary>
    private RunState? _saved;

    public FeatureLoop(LoopContext context) => _context = context;

    private RunState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    private SessionPlace Here => new(_context.Workspace, _context.Files, InLane: false);

    public async Task<RunSummary> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        _lastCommit = null;
        var store = _context.Store;
        var previous = store.Load();
        var resumed = previous is { Finished: false };
        // A resumed run goes on with the options it is given now: the host decides how they relate to the interrupted run's.
        _state = resumed ? previous! with { Options = options } : NewRun(options, previous);
        if (options.RetryStuck)
        {
            _state = StuckRules.Unstuck(_state);
        }

        Save(resumed ? "run-resumed" : "run-started", null, _state.RunId);
        _context.Observer.RunStarted(_state, resumed);

        if (!_state.BaselineTaken)
        {
            await MeasureBaselineAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_context.Lanes is { } lanes && (options.Parallel > 1 || _state.Lanes.Count > 0 || _context.Fleet is not null))
        {
            return await RunLanesAsync(lanes, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            if (State.Current is { } unfinished)
            {
                await FinishSessionAsync(Here, unfinished, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var list = LoadFeatureList();
            var (stop, waited) = await StopOrWaitAsync(list, cancellationToken).ConfigureAwait(false);
            if (waited)
            {
                continue;
            }

            if (stop is { } reason)
            {
                return Finish(list, reason);
            }

            if (State.SessionsRun > 0 && State.Options.SessionDelay > TimeSpan.Zero)
            {
                // The finished session's state is on disk before a pause, not only after it.
                WriteState(State);
                await Task.Delay(State.Options.SessionDelay, _context.Clock, cancellationToken).ConfigureAwait(false);
            }

            await StartSessionAsync(list, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Between sessions: the stop condition that holds, or the pause waited out (the list may have
    /// changed meanwhile: read it again), or neither (go on). Killed while paused, a restarted run
    /// comes here first and waits only the rest.
    /// </summary>
    private async Task<(StopReason? Stop, bool Waited)> StopOrWaitAsync(FeatureList list, CancellationToken cancellationToken)
    {
        var stop = StopFor(State, list);
        if (stop is null && State.Pause is { } paused)
        {
            return await WaitOutAsync(paused, cancellationToken).ConfigureAwait(false) ? (null, true) : (StopReason.PauseLimit, false);
        }

        return (stop, false);
    }

    private RunSummary Finish(FeatureList list, StopReason reason)
    {
        Update(s => s with { Finished = true, StopReason = reason });
        Save("run-finished", null, reason.ToString());
        var state = State;
        var summary = new RunSummary(state.RunId, state.SessionsRun, state.FeaturesCompleted, list.Progress.Passing, list.Progress.Total, reason, state.CostUsd)
        {
            Stuck = StuckRules.StillStuck(state, list),
            // Why a run with failing features left stopped: what they wait on.
            Waiting = reason == StopReason.Stuck ? StuckRules.Waiting(state, list) : [],
        };
        _context.Observer.RunFinished(summary);
        return summary;
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

    private async Task MeasureBaselineAsync(CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_context.Store.SessionFolder(0), "baseline");
        var checks = await RunChecksAsync(folder, cancellationToken).ConfigureAwait(false);
        var totals = Verifier.SumTotals(checks);
        _context.Observer.BaselineMeasured(totals, checks);
        Update(s => s with { BaselineTaken = true, Baseline = totals });
        Save("baseline-measured", null, totals is null ? "no test totals" : $"{totals.Passed} passed, {totals.Failed} failed");
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

    private FeatureList LoadFeatureList() => LoadFeatureList(_context.Files);

    private FeatureList LoadFeatureList(Ports.IProjectFiles files) =>
        ParseFeatureList(files.Read(_context.Layout.FeatureList), files.Root, "");

    /// <summary>The feature list from <paramref name="bytes"/> (read under <paramref name="root"/>; <paramref name="where"/> says where, when not the tree).</summary>
    private FeatureList ParseFeatureList(byte[]? bytes, string root, string where)
    {
        var path = _context.Layout.FeatureList;
        var result = FeatureListParser.Parse(Path.Combine(root, path), bytes ?? throw new Diagnostics.InputException($"{path}: the feature list is gone{where}"));
        return result.List ?? throw new Diagnostics.InputException($"{path}: the feature list{where} is invalid; nothing was changed", result.Errors.ToList());
    }

    /// <summary>Changes the state in memory (saved by the next <see cref="Save"/>).</summary>
    private RunState Update(Func<RunState, RunState> change)
    {
        lock (_gate)
        {
            _state = change(_state);
            return _state;
        }
    }

    /// <summary>
    /// Writes the state (unless <paramref name="beforeNextStep"/>) and journals the step. A step followed
    /// by no side effect of its own (session-finished: the next is the next session's start or the run's
    /// end, each a save) leaves the write to that save: one flush to disk less. Killed in between, the
    /// file still holds the session as verified, and a resume redoes its recording, which finds the commit.
    /// </summary>
    private void Save(string step, int? session, string? detail = null, bool beforeNextStep = false)
    {
        lock (_gate)
        {
            if (!beforeNextStep)
            {
                WriteState(_state);
            }

            _context.Store.Journal(step, session, detail);
        }

        _context.Checkpoint(step, session);
    }

    private void WriteState(RunState state)
    {
        lock (_gate)
        {
            // A step that changed nothing in the state (committed) needs no rewrite: the file holds it already.
            if (!ReferenceEquals(state, _saved))
            {
                _context.Store.Save(state);
                _saved = state;
            }
        }
    }
}
