using System.Text.Json.Nodes;
using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

public sealed class SpecStatusReportTests
{
    [Fact]
    public void The_report_has_the_seed_output_shape()
    {
        var json = JsonNode.Parse(SpecStateJson.Write(SpecStatusReport.Of(New().WithOpenPullRequest())))!.AsObject();

        json.Select(p => p.Key).ShouldBe(["status", "spec_name", "current_wave", "total_waves", "phase", "pr_number", "message", "next_action"]);
        json["status"]!.GetValue<string>().ShouldBe("waiting");
        json["phase"]!.GetValue<string>().ShouldBe("AWAITING_REVIEW");
        json["pr_number"]!.GetValue<int>().ShouldBe(11);
        json["message"]!.GetValue<string>().ShouldBe("Wave 1 of 3: PR #11 awaits review (poll 0).");
        json["next_action"]!.GetValue<string>().ShouldBe("pace spec run ui to check the review");
    }

    [Fact]
    public void Each_phase_reports_its_status()
    {
        SpecStatusReport.Of(New()).Status.ShouldBe("success");
        SpecStatusReport.Of(New().Then(new RunRequested(Min(0)))).Message.ShouldBe("Wave 1 of 3: running tasks (0 of 0 passed).");
        SpecStatusReport.Of(New().WithOpenPullRequest().Then(new ReviewReceived(Min(8), ReviewVerdict.ChangesRequested, ["a", "b"])))
            .Message.ShouldBe("Wave 1 of 3: addressing review cycle 1 of PR #11 (2 blocking comments).");
        SpecStatusReport.Of(New().Approved()).ShouldSatisfyAllConditions(
            r => r.Status.ShouldBe("success"),
            r => r.Message.ShouldBe("Wave 1 of 3: PR #11 approved; merging into feature/ui."));
        var failed = SpecStatusReport.Of(New().Approved().Then(new MergeFailed(Min(9), "conflict")));
        (failed.Status, failed.Phase).ShouldBe(("failed", "FAILED"));
        failed.NextAction.ShouldBe("fix the cause, then pace spec retry ui (restarts wave 1) or pace spec recover ui (starts over)");
    }
}
