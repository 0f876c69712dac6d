using System.Text;
using Pace.Core.Ports;

namespace Pace.Core.Waves;

/// <summary>
/// Runs a spec until it must wait or is done: decide, persist the new state and a journal entry,
/// then perform the effects in order and feed their outcomes back as events. Every journal step is
/// also a checkpoint (the crash tests stop the process there), named <c>event:wave</c>
/// (<c>task-passed:1:parse</c>) for decisions and <c>perform-effect:wave</c> before each effect.
/// </summary>
public sealed class SpecExecutor
{
    private readonly ISpecRunStore _store;
    private readonly ISpecEffects _effects;
    private readonly Lock _gate = new();
    private readonly Queue<SpecEffect> _queue = new();
    private SpecState _current;

    public SpecExecutor(ISpecRunStore store, ISpecEffects effects, SpecState state)
    {
        _store = store;
        _effects = effects;
        _current = state;
    }

    /// <summary>Called after each step is persisted, with the step's name.</summary>
    public Action<string> Checkpoint { get; init; } = _ => { };

    /// <summary>Called with each decision that changed something (for progress output).</summary>
    public Action<SpecEvent, SpecState> Observer { get; init; } = (_, _) => { };

    /// <summary>
    /// Awaited before each effect is performed, after the step that decided it was saved: a fleet run's
    /// record catches up there, so that a coordinator taking the run over never starts from a state
    /// older than the effects already done (the refs and files an effect leaves are ahead, as after a kill).
    /// </summary>
    public Func<CancellationToken, Task>? BeforeEffect { get; init; }

    public SpecState State => _current;

    public async Task<SpecState> RunAsync(SpecEvent first, CancellationToken cancellationToken)
    {
        Apply(first);
        while (_queue.TryDequeue(out var effect))
        {
            if (effect is Fail)
            {
                continue;
            }

            var step = $"perform-{Kebab(effect.GetType().Name)}:{_current.CurrentWave}";
            _store.Journal(step, effect.ToString());
            if (BeforeEffect is { } before)
            {
                await before(cancellationToken).ConfigureAwait(false);
            }

            Checkpoint(step);
            await _effects.PerformAsync(effect, _current, ReportAsync, cancellationToken).ConfigureAwait(false);
        }

        return _current;

        Task ReportAsync(SpecEvent evt)
        {
            lock (_gate)
            {
                Apply(evt);
            }

            return Task.CompletedTask;
        }
    }

    private void Apply(SpecEvent evt)
    {
        var decision = SpecMachine.Decide(_current, evt);
        if (decision.Ignored is not null)
        {
            _store.Journal("ignored", $"{evt.GetType().Name}: {decision.Ignored}");
            return;
        }

        var step = StepOf(evt, _current);
        _current = decision.Next;
        _store.Save(_current);
        _store.Journal(step, Detail(evt));
        Checkpoint(step);
        Observer(evt, _current);
        foreach (var effect in decision.Effects)
        {
            _queue.Enqueue(effect);
        }
    }

    /// <summary>The step's name: the event and the wave it happened in (<paramref name="before"/>'s, so a wave's cleanup is named after it).</summary>
    public static string StepOf(SpecEvent evt, SpecState before)
    {
        var name = Kebab(evt.GetType().Name) + ":" + before.CurrentWave;
        return evt switch
        {
            TaskPassed p => name + ":" + p.TaskId,
            TaskFailed f => name + ":" + f.TaskId,
            TaskPaused p => name + ":" + p.Pause.TaskId,
            TaskResumed r => name + ":" + r.TaskId,
            EarlyTaskStarted s => name + ":" + s.TaskId,
            EarlyTaskPassed p => name + ":" + p.TaskId,
            EarlyTaskFailed f => name + ":" + f.TaskId,
            TaskMergeRefused r => name + ":" + r.TaskId,
            _ => name,
        };
    }

    private static string? Detail(SpecEvent evt) => evt switch
    {
        TaskFailed f => f.Reason,
        RecoverRequested { TotalWaves: { } waves } => $"{waves} waves",
        TaskPaused p => $"until {p.Pause.Until:O} ({p.Pause.Agent}, {p.Pause.Reason})",
        EarlyTaskStarted s => $"wave {s.Wave} from {s.BaseCommit}",
        EarlyTaskPassed p => $"wave {p.Wave}: {p.Commit}",
        EarlyTaskFailed f => $"wave {f.Wave}: {f.Reason}",
        TaskMergeRefused r => $"{r.Reason} (kept on {r.KeptRef})",
        PullRequestOpened o => $"PR #{o.Number} {o.Url}",
        PullRequestFailed f => f.Reason,
        ReviewReceived r => $"{r.Verdict}: {string.Join(" | ", r.BlockingComments)}",
        ReviewFixesFailed f => f.Reason,
        ReviewUnreadable u => u.Reason,
        MergeFailed f => f.Reason,
        BranchCleanupFailed f => f.Reason,
        _ => null,
    };

    internal static string Kebab(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
