using Pace.Cli.Output;
using Pace.Core.Agents;
using Pace.Core.Features;

namespace Pace.Cli.Tests.Loop;

/// <summary>The live view with several sessions at once: one line per slot, then back to one line.</summary>
public sealed class LiveSlotsTests
{
    [Fact]
    public void Each_running_session_has_its_own_line_with_its_latest_action_and_one_line_remains_when_one_runs()
    {
        using var output = new StringWriter();
        var clock = new ManualClock();
        var observer = new TerminalLoopObserver(output, clock);
        var progress = new FeatureProgress(0, 3, 3);

        observer.SessionStarted(1, Feature("A-1"), progress);
        clock.Advance(TimeSpan.FromSeconds(30));
        observer.SessionStarted(2, Feature("B-2"), progress);
        observer.AgentEvent(1, new AgentToolUsed("Edit", "src/a.py"));
        observer.AgentEvent(2, new AgentToolUsed("Bash", "make test"));
        observer.ChecksStarted(1);
        clock.Advance(TimeSpan.FromSeconds(15));
        var both = observer.StatusText().Split('\n');

        both.ShouldBe([
            "session 1: A-1 | 00:45 | Pace is verifying",
            "session 2: B-2 | 00:15 | Bash make test",
            "2 sessions at once | $0.00 | 0/3",
        ]);

        observer.SessionPaused(1);
        observer.StatusText().ShouldBe("session 2: B-2 | 00:15 | Bash make test | $0.00 | 0/3");
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private static Feature Feature(string id) =>
        FeatureListParser.Parse("f.json", System.Text.Encoding.UTF8.GetBytes($$"""{ "features": [{ "id": "{{id}}", "category": "core", "description": "d", "priority": "high", "steps": ["s"], "passes": false }], "metadata": { "project_name": "p" } }""")).List!.Features[0];
}
