using Pace.Adapters.Forges.GitHub;

namespace Pace.Adapters.Tests.Forges.GitHub;

public sealed class GitHubChecksTests
{
    private static readonly IReadOnlyList<WireStatus> NoStatuses = [];

    [Fact]
    public void A_required_check_not_reported_yet_is_pending_not_green()
    {
        var state = ChecksState.Of(["build"], [new WireCheckRun(1, "lint", "completed", "success", null)], NoStatuses);

        state.Outcome.ShouldBe(ChecksOutcome.Pending);
        state.Waiting.ShouldBe(["build"]);
    }

    [Fact]
    public void A_combined_status_of_pending_with_no_statuses_does_not_hold_the_merge()
    {
        var state = ChecksState.Of([], [new WireCheckRun(1, "build", "completed", "success", null)], NoStatuses);

        state.Outcome.ShouldBe(ChecksOutcome.Green);
    }

    [Fact]
    public void A_failed_check_is_red_at_once_even_while_another_runs()
    {
        var state = ChecksState.Of([], [new WireCheckRun(1, "build", "in_progress", null, null)], [new WireStatus("ci/legacy", "error", "boom", null)]);

        state.Outcome.ShouldBe(ChecksOutcome.Red);
        state.Failed.ShouldBe(["ci/legacy"]);
    }

    [Theory]
    [InlineData("success", ChecksOutcome.Green)]
    [InlineData("skipped", ChecksOutcome.Green)]
    [InlineData("neutral", ChecksOutcome.Green)]
    [InlineData("cancelled", ChecksOutcome.Red)]
    [InlineData("timed_out", ChecksOutcome.Red)]
    [InlineData("action_required", ChecksOutcome.Red)]
    public void A_completed_check_run_counts_by_its_conclusion(string conclusion, ChecksOutcome outcome)
    {
        ChecksState.Of(["build"], [new WireCheckRun(1, "build", "completed", conclusion, null)], NoStatuses).Outcome.ShouldBe(outcome);
    }

    [Fact]
    public void A_rerun_check_counts_by_its_latest_run()
    {
        var runs = new[] { new WireCheckRun(2, "build", "completed", "success", null), new WireCheckRun(1, "build", "completed", "failure", null) };

        ChecksState.Of(["build"], runs, NoStatuses).Outcome.ShouldBe(ChecksOutcome.Green);
    }
}
