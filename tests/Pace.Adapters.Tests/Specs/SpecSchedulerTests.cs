using System.Text;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Specs;
using Pace.Adapters.Tests.Support;
using Pace.Adapters.Verification;
using Pace.Core.Agents;
using Pace.Core.Config;
using Pace.Core.Ports;
using Pace.Core.Specs;
using Pace.Core.Verification;
using Pace.Core.Waves;

namespace Pace.Adapters.Tests.Specs;

/// <summary>A wave's tasks in the maxParallel slots, on real git with an agent that only waits: never more at once than the slots, and a paused task's slot free meanwhile.</summary>
public sealed class SpecSchedulerTests : IDisposable
{
    private const string SpecJson = """
        {
          "name": "trio",
          "tasks": [
            { "id": "a", "title": "A", "prompt": "a" },
            { "id": "b", "title": "B", "prompt": "b" },
            { "id": "c", "title": "C", "prompt": "c" }
          ]
        }
        """;

    private readonly TempGitRepo _git = TempGitRepo.CreateAsync().GetAwaiter().GetResult();
    private readonly Spec _spec = SpecParser.Parse("spec.json", Encoding.UTF8.GetBytes(SpecJson)).Spec!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _git.Dispose();

    private async Task<List<SpecEvent>> RunWaveAsync(IAgent agent, int slots)
    {
        var layout = new SpecLayout(_git.Root, "", "spec.json", _spec.Name, _spec.Format);
        var repository = _git.Repository();
        var context = new WaveContext(
            layout, _spec, PaceConfig.Default with { Checks = [CheckSpec.Of("true")] }, slots, repository,
            new LocalForge(layout.PaceFolder, repository, TimeProvider.System), agent, null, new CheckRunner(), TimeProvider.System, _git.Environment);
        var session = new SpecSession(context.Sessions);
        var waits = new SpecUsageWaits(context);
        var start = new WaveStart(context);
        using var merges = new TaskMerges(context, session, start);
        using var scheduler = new SpecScheduler(context, start, new SpecTaskRunner(context, session, waits), merges, waits);
        var events = new List<SpecEvent>();
        var state = SpecState.Create("trio", "spec.json", 1, DateTimeOffset.UtcNow, new SpecFlags { EarlyStart = false });
        await scheduler.RunWaveAsync(new RunWaveTasks(1, "feature/trio-wave-1", "feature/trio", "main", Fresh: false), TasksAtHand.Of(state), e =>
        {
            lock (events)
            {
                events.Add(e);
            }

            return Task.CompletedTask;
        }, Token);
        return events;
    }

    [Fact]
    public async Task A_waves_tasks_run_at_once_but_never_more_than_the_slots()
    {
        var agent = new WaitingAgent(TimeSpan.FromMilliseconds(400));

        var events = await RunWaveAsync(agent, slots: 2);

        agent.MostAtOnce.ShouldBe(2);
        agent.Started.Order().ShouldBe(["a", "b", "c"]);
        events[0].ShouldBeOfType<WaveStarted>().TaskIds.ShouldBe(["a", "b", "c"]);
        // The agent changed nothing: Pace fails every task, each once.
        events.Skip(1).Select(e => e.ShouldBeOfType<TaskFailed>().TaskId).Order().ShouldBe(["a", "b", "c"]);
    }

    [Fact]
    public async Task A_task_paused_by_a_usage_window_frees_its_slot_for_the_others_and_runs_again_after_it()
    {
        var agent = new WaitingAgent(TimeSpan.Zero) { LimitFirst = "a", LimitFor = TimeSpan.FromSeconds(1) };

        var events = await RunWaveAsync(agent, slots: 1);

        agent.MostAtOnce.ShouldBe(1);
        agent.Started.ShouldBe(["a", "b", "c", "a"]);
        var lines = events.Select(e => e switch
        {
            TaskPaused p => "paused " + p.Pause.TaskId,
            TaskResumed r => "resumed " + r.TaskId,
            TaskFailed f => "failed " + f.TaskId,
            _ => e.GetType().Name,
        }).ToList();
        lines.Order().ShouldBe(["failed a", "failed b", "failed c", "paused a", "resumed a", "WaveStarted"], ignoreOrder: true);
        lines[0].ShouldBe("WaveStarted");
        lines[1].ShouldBe("paused a");
        lines.IndexOf("resumed a").ShouldBeLessThan(lines.IndexOf("failed a"));
        lines[^1].ShouldBe("failed a");
    }

    /// <summary>An agent that waits, changes nothing and says it is done; it counts the sessions running at once.</summary>
    private sealed class WaitingAgent(TimeSpan work) : IAgent
    {
        private readonly Lock _gate = new();
        private int _running;

        public string Name => "waiting";

        public string? LimitFirst { get; init; }

        public TimeSpan LimitFor { get; init; }

        public int MostAtOnce { get; private set; }

        public List<string> Started { get; } = [];

        public async Task<AgentResult> RunAsync(AgentRequest request, Action<AgentEvent> onEvent, CancellationToken cancellationToken)
        {
            // The task's worktree is .../wave-1-TASK.
            var task = Path.GetFileName(request.WorkingFolder.TrimEnd('/')).Split('-')[^1];
            bool limited;
            lock (_gate)
            {
                limited = task == LimitFirst && !Started.Contains(task);
                Started.Add(task);
                MostAtOnce = Math.Max(MostAtOnce, ++_running);
            }

            try
            {
                await Task.Delay(work, cancellationToken);
                var result = new AgentResult(AgentExit.Exited, 0, true, null, "done", AgentUsage.None, null, null, [], [], work, request.TranscriptPath);
                return limited ? result with { Limit = new UsageLimit("5-hour limit", DateTimeOffset.UtcNow + LimitFor) } : result;
            }
            finally
            {
                lock (_gate)
                {
                    _running--;
                }
            }
        }
    }
}
