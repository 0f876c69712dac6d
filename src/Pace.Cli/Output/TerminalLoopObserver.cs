using Pace.Core.Agents;
using Pace.Core.Features;
using Pace.Core.Loop;
using Pace.Core.Verification;
using Spectre.Console;

namespace Pace.Cli.Output;

/// <summary>
/// The live view on a terminal: finished sessions scroll above, and a status line shows the
/// current feature, elapsed time, the agent's latest action, cost so far and X/Y. With several
/// sessions at once (--parallel) it shows one line per slot: each session's feature, time and latest action.
/// </summary>
internal sealed class TerminalLoopObserver : ILoopObserver
{
    private readonly IAnsiConsole _console;
    private readonly PlainLoopObserver _lines;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();

    /// <summary>The sessions running now, by number.</summary>
    private readonly SortedDictionary<int, Slot> _slots = [];

    /// <summary>What the line says while no session runs (starting, paused, resumed).</summary>
    private Slot _idle;
    private decimal _runCost;
    private string _progress = "";

    public TerminalLoopObserver(TextWriter output, TimeProvider clock)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        _lines = new PlainLoopObserver(new ConsoleLineWriter(_console), clock);
        _clock = clock;
        _idle = new Slot("starting", clock.GetUtcNow());
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
            _slots[session] = new Slot($"session {session}: {feature.Id}", _clock.GetUtcNow()) { Action = "agent starting" };
            _progress = $"{progress.Passing}/{progress.Total}";
        }

        _lines.SessionStarted(session, feature, progress);
    }

    public void AgentEvent(int session, AgentEvent evt)
    {
        lock (_gate)
        {
            if (_slots.TryGetValue(session, out var slot))
            {
                switch (evt)
                {
                    case AgentToolUsed tool:
                        slot.Action = $"{tool.Tool} {tool.Summary}";
                        break;
                    case AgentTextEmitted text:
                        slot.Action = text.Text.ReplaceLineEndings(" ");
                        break;
                    case AgentUsageReported usage when usage.CostUsd is { } cost:
                        slot.Cost = cost;
                        break;
                }
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
            if (_slots.TryGetValue(session, out var slot))
            {
                slot.Action = "Pace is verifying";
            }
        }
    }

    public void SessionFinished(int session, Feature feature, bool passed, SessionEvidence? evidence, string? commit, RunState state)
    {
        lock (_gate)
        {
            _runCost = state.CostUsd;
            Ended(session, passed ? "passed" : "failed");
        }

        _lines.SessionFinished(session, feature, passed, evidence, commit, state);
    }

    public void FeatureStuck(FeatureAttempts attempts) => _lines.FeatureStuck(attempts);

    public void SessionPaused(int session)
    {
        lock (_gate)
        {
            Ended(session, "usage limit");
        }
    }

    public void Paused(PauseState pause)
    {
        lock (_gate)
        {
            _idle.Action = PauseText.Of(pause);
        }

        _lines.Paused(pause);
    }

    public void AgentPaused(PauseState pause, string next) => _lines.AgentPaused(pause, next);

    public void Resumed(PauseState pause)
    {
        lock (_gate)
        {
            // The status line said "paused until ..." since Paused; it would go on saying so until the next session starts.
            _idle = new Slot("resumed", _clock.GetUtcNow()) { Action = $"resumed after the {pause.Reason} of {pause.Agent}" };
        }

        _lines.Resumed(pause);
    }

    public void RunFinished(RunSummary summary) => _lines.RunFinished(summary);

    internal string StatusText()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            var cost = _runCost + _slots.Values.Sum(s => s.Cost);
            if (_slots.Count <= 1)
            {
                var slot = _slots.Values.FirstOrDefault() ?? _idle;
                return Markup.Escape($"{slot.Feature} | {now - slot.Since:mm\\:ss} | {Short(slot.Action, 60)} | ${cost:0.00} | {_progress}");
            }

            var lines = _slots.Values.Select(s => $"{s.Feature} | {now - s.Since:mm\\:ss} | {Short(s.Action, 60)}");
            return Markup.Escape(string.Join("\n", [.. lines, $"{_slots.Count} sessions at once | ${cost:0.00} | {_progress}"]));
        }
    }

    /// <summary>The session left its slot; with no other running, the line says how it ended until the next starts.</summary>
    private void Ended(int session, string how)
    {
        if (_slots.Remove(session, out var slot))
        {
            _idle = slot with { Action = how };
        }
    }

    private static string Short(string text, int max) => text.Length > max ? text[..max] + "..." : text;

    /// <summary>One slot of the status: its session, since when, what its agent did last, what it cost so far.</summary>
    private sealed record Slot(string Feature, DateTimeOffset Since)
    {
        public string Action { get; set; } = "";

        public decimal Cost { get; set; }
    }

    /// <summary>Lets the plain observer print through the live console, so lines land above the status line.</summary>
    private sealed class ConsoleLineWriter(IAnsiConsole console) : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => console.WriteLine(value ?? "");

        public override void Write(char value) => console.Write(value.ToString());
    }
}
