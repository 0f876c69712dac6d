using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Loop;
using Pace.Core.Verification;
using Spectre.Console;

namespace Pace.Cli.Output;

/// <summary>
/// The live view on a terminal: finished sessions scroll above, and a status line shows the
/// current feature, elapsed time, the agent's latest action, cost so far and X/Y.
/// </summary>
internal sealed class TerminalLoopObserver : ILoopObserver
{
    private readonly IAnsiConsole _console;
    private readonly PlainLoopObserver _lines;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private string _feature = "starting";
    private string _action = "";
    private DateTimeOffset _since;
    private decimal _runCost;
    private decimal _sessionCost;
    private string _progress = "";

    public TerminalLoopObserver(TextWriter output, TimeProvider clock)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        _lines = new PlainLoopObserver(new ConsoleLineWriter(_console), clock);
        _clock = clock;
        _since = clock.GetUtcNow();
    }

    /// <summary>Runs the loop under a status line that refreshes four times a second.</summary>
    public async Task<T> RunLiveAsync<T>(Func<Task<T>> body) =>
        await _console.Status().Spinner(Spinner.Known.Dots).StartAsync("starting", async context =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), _clock);
            var work = body();
            while (!work.IsCompleted)
            {
                context.Status(StatusText());
                await Task.WhenAny(work, timer.WaitForNextTickAsync().AsTask()).ConfigureAwait(false);
            }

            return await work.ConfigureAwait(false);
        }).ConfigureAwait(false);

    public void RunStarted(RunState state, bool resumed)
    {
        _runCost = state.CostUsd;
        _lines.RunStarted(state, resumed);
    }

    public void BaselineMeasured(TestTotals? totals, IReadOnlyList<CheckResult> checks) => _lines.BaselineMeasured(totals, checks);

    public void SessionStarted(int session, Feature feature, FeatureProgress progress)
    {
        lock (_gate)
        {
            _feature = $"session {session}: {feature.Id}";
            _since = _clock.GetUtcNow();
            _action = "agent starting";
            _sessionCost = 0;
            _progress = $"{progress.Passing}/{progress.Total}";
        }

        _lines.SessionStarted(session, feature, progress);
    }

    public void AgentEvent(int session, AgentEvent evt)
    {
        lock (_gate)
        {
            switch (evt)
            {
                case AgentToolUsed tool:
                    _action = $"{tool.Tool} {tool.Summary}";
                    break;
                case AgentTextEmitted text:
                    _action = text.Text.ReplaceLineEndings(" ");
                    break;
                case AgentUsageReported usage when usage.CostUsd is { } cost:
                    _sessionCost = cost;
                    break;
            }
        }

        if (evt is AgentToolUsed or AgentPermissionDenied or AgentErrorReported or AgentFinished)
        {
            _lines.AgentEvent(session, evt);
        }
    }

    public void ChecksStarted(int session)
    {
        lock (_gate)
        {
            _action = "Pace is verifying";
        }
    }

    public void SessionFinished(int session, Feature feature, bool passed, SessionEvidence? evidence, string? commit, RunState state)
    {
        lock (_gate)
        {
            _runCost = state.CostUsd;
            _sessionCost = 0;
        }

        _lines.SessionFinished(session, feature, passed, evidence, commit, state);
    }

    public void FeatureStuck(FeatureAttempts attempts) => _lines.FeatureStuck(attempts);

    public void Paused(PauseState pause)
    {
        lock (_gate)
        {
            _action = PauseText.Of(pause);
        }

        _lines.Paused(pause);
    }

    public void AgentPaused(PauseState pause, string next) => _lines.AgentPaused(pause, next);

    public void Resumed(PauseState pause)
    {
        lock (_gate)
        {
            // The status line said "paused until ..." since Paused; it would go on saying so until the next session starts.
            _feature = "resumed";
            _since = _clock.GetUtcNow();
            _action = $"resumed after the {pause.Reason} of {pause.Agent}";
        }

        _lines.Resumed(pause);
    }

    public void RunFinished(RunSummary summary) => _lines.RunFinished(summary);

    internal string StatusText()
    {
        lock (_gate)
        {
            var elapsed = _clock.GetUtcNow() - _since;
            var action = _action.Length > 60 ? _action[..60] + "..." : _action;
            return Markup.Escape($"{_feature} | {elapsed:mm\\:ss} | {action} | ${_runCost + _sessionCost:0.00} | {_progress}");
        }
    }

    /// <summary>Lets the plain observer print through the live console, so lines land above the status line.</summary>
    private sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => console.WriteLine(value ?? "");

        public override void Write(char value) => console.Write(value.ToString());
    }
}
