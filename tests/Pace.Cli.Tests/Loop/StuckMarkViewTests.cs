using System.Text.Json;
using Pace.Cli.Output;
using Pace.Core.Loop;

namespace Pace.Cli.Tests.Loop;

/// <summary>
/// The commands that show what a run would do read the run's stuck marks: they name the feature
/// the run would really take, and which ones are set aside.
/// </summary>
public sealed class StuckMarkViewTests
{
    /// <summary>B-2 fails twice the same way (stuck), the run stops at --max-sessions 2 with C-3 still to do.</summary>
    private static async Task<LoopProject> ProjectWithB2StuckAsync()
    {
        var project = new LoopProject("B-2", "C-3");
        project.Implements("C-3");
        project.Behave("B-2", "echo fail > tests/B-2.test");
        var run = await project.RunAsync("run", "--max-sessions", "2");
        run.Stdout.ShouldContain("B-2 is stuck", customMessage: run.ToString());
        return project;
    }

    [Fact]
    public async Task Pace_next_shows_the_feature_the_run_would_take_past_a_stuck_one_and_names_the_stuck_one()
    {
        using var project = await ProjectWithB2StuckAsync();

        var next = await project.RunAsync("next");
        var json = await project.RunAsync("next", "--json");

        next.ExitCode.ShouldBe(0, next.ToString());
        next.Stdout.ShouldContain("Next: C-3 (high) Feature C-3");
        next.Stdout.ShouldContain("Stuck (set aside; 'pace run --retry-stuck' tries them again): B-2");
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("feature").GetProperty("id").GetString().ShouldBe("C-3");
        document.RootElement.GetProperty("stuck")[0].GetProperty("featureId").GetString().ShouldBe("B-2");
    }

    [Fact]
    public async Task Pace_status_shows_as_next_the_feature_the_run_would_take_past_a_stuck_one()
    {
        using var project = await ProjectWithB2StuckAsync();

        var status = await project.RunAsync("status");
        var json = await project.RunAsync("status", "--json");

        status.ExitCode.ShouldBe(0, status.ToString());
        status.Stdout.ShouldContain("Next: C-3 (high) Feature C-3");
        status.Stdout.ShouldContain("Stuck (set aside; 'pace run --retry-stuck' tries them again): B-2");
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("nextFeature").GetProperty("id").GetString().ShouldBe("C-3");
        document.RootElement.GetProperty("stuck")[0].GetProperty("attempts").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Pace_run_dry_run_lists_only_the_features_the_run_would_take_and_says_which_are_stuck()
    {
        using var project = await ProjectWithB2StuckAsync();

        var dry = await project.RunAsync("run", "--dry-run");
        var retry = await project.RunAsync("run", "--dry-run", "--retry-stuck");

        dry.ExitCode.ShouldBe(0, dry.ToString());
        dry.Stdout.ShouldNotContain("  B-2 (high) Feature B-2");
        dry.Stdout.ShouldContain("  C-3 (high) Feature C-3");
        dry.Stdout.ShouldContain("Stuck (set aside; 'pace run --retry-stuck' tries them again): B-2");
        retry.Stdout.ShouldContain("  B-2 (high) Feature B-2");
        retry.Stdout.ShouldNotContain("Stuck (set aside");
    }

    [Fact]
    public void The_live_view_stops_saying_paused_until_once_the_run_resumes()
    {
        using var output = new StringWriter();
        var clock = new StoppedClock();
        var observer = new TerminalLoopObserver(output, clock);
        var pause = new PauseState(clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(5), "claude", "five_hour limit");

        observer.Paused(pause);
        observer.StatusText().ShouldContain("paused until");
        observer.Resumed(pause);

        observer.StatusText().ShouldNotContain("paused until");
        observer.StatusText().ShouldContain("resumed after the five_hour limit of claude");
    }

    private sealed class StoppedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    }
}
