using System.Text.Json;

namespace Pace.Cli.Tests.Loop;

public sealed class SessionPauseTests
{
    [Fact]
    public async Task During_the_pause_between_sessions_the_run_state_on_disk_already_counts_the_finished_session()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Write("pace.json", project.Read("pace.json").Replace("\"sessionDelay\": 0", "\"sessionDelay\": 600000", StringComparison.Ordinal));
        project.Git("commit", "-q", "-a", "-m", "a long pause between sessions");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = project.RunAsync(null, stop.Token, "run", "--until-complete");

        // Session 1 commits, then pace pauses for ten minutes: the state must say so before the pause ends.
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var counted = false;
        while (!run.IsCompleted && DateTime.UtcNow < deadline && !counted)
        {
            counted = SessionsRun(project) == 1;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        var stillRunning = !run.IsCompleted;
        await stop.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(run);
        stillRunning.ShouldBeTrue("pace should still be pausing");
        counted.ShouldBeTrue("state.json did not count the finished session during the pause");
    }

    private static int SessionsRun(LoopProject project)
    {
        if (!project.Exists(".pace/run/state.json"))
        {
            return 0;
        }

        using var state = JsonDocument.Parse(project.Read(".pace/run/state.json"));
        return state.RootElement.GetProperty("sessionsRun").GetInt32();
    }
}
