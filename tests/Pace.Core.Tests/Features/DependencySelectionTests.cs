using Pace.Core.Features;
using Pace.Core.Loop;

namespace Pace.Core.Tests.Features;

/// <summary>A failing feature is taken only once every feature it depends on passes; otherwise the order is the usual one.</summary>
public sealed class DependencySelectionTests
{
    private static string With(string feature, string dependsOn) => feature[..^1] + $", \"depends_on\": [{dependsOn}]}}";

    private static RunState State(params string[] stuck) => new()
    {
        RunId = "r",
        StartedAt = DateTimeOffset.UnixEpoch,
        Options = new RunOptions("a", null, 3, null),
        Attempts = [.. stuck.Select(id => new FeatureAttempts(id, 3, ["failed"], null, Stuck: true))],
    };

    [Fact]
    public void A_critical_feature_that_depends_on_a_failing_one_waits_and_the_dependency_comes_first()
    {
        var list = Lists.Valid(Lists.Pace(
            With(Lists.Feature("B", "critical"), "\"A\""),
            Lists.Feature("A", "low"),
            Lists.Feature("C", "high")));

        list.Next!.Id.Value.ShouldBe("C");
        list.Failing.Select(f => f.Id.Value).ShouldBe(["B", "C", "A"]);
        FeatureOrder.Planned(list, _ => false).Select(f => f.Id.Value).ShouldBe(["C", "A", "B"]);
        list.Find("B")!.WaitsOn.Select(f => f.Id.Value).ShouldBe(["A"]);
        StuckRules.NextWorkable(list, State())!.Id.Value.ShouldBe("C");
    }

    [Fact]
    public void A_feature_whose_dependencies_pass_is_taken_in_its_usual_place()
    {
        var list = Lists.Valid(Lists.Pace(
            Lists.Feature("A", passes: true),
            With(Lists.Feature("B", "critical"), "\"A\""),
            Lists.Feature("C", "critical")));

        list.Next!.Id.Value.ShouldBe("B");
        list.Find("B")!.IsReady.ShouldBeTrue();
        FeatureOrder.Planned(list, _ => false).Select(f => f.Id.Value).ShouldBe(["B", "C"]);
        FeatureOrder.Waiting(list, _ => false).ShouldBeEmpty();
    }

    [Fact]
    public void A_feature_waiting_on_a_stuck_one_is_never_next_and_is_named_with_what_it_waits_on()
    {
        var list = Lists.Valid(Lists.Pace(
            Lists.Feature("A"),
            With(Lists.Feature("B"), "\"A\""),
            With(Lists.Feature("C"), "\"B\", \"A\"")));
        var state = State("A");

        StuckRules.NextWorkable(list, state).ShouldBeNull();
        StuckRules.Waiting(state, list).Select(w => $"{w.FeatureId} on {string.Join(",", w.WaitsOn)}").ShouldBe(["B on A", "C on B,A"]);
        FeatureOrder.Planned(list, f => StuckRules.IsStuck(state, f.Id.Value)).ShouldBeEmpty();
    }

    [Fact]
    public void The_planned_order_takes_a_chain_written_backwards_from_its_end()
    {
        var list = Lists.Valid(Lists.Pace(
            With(Lists.Feature("D"), "\"C\""),
            With(Lists.Feature("C"), "\"B\""),
            With(Lists.Feature("B"), "\"A\""),
            Lists.Feature("A"),
            Lists.Feature("E")));

        FeatureOrder.Planned(list, _ => false).Select(f => f.Id.Value).ShouldBe(["A", "B", "C", "D", "E"]);
        FeatureOrder.Planned(list, f => f.Id.Value == "B").Select(f => f.Id.Value).ShouldBe(["A", "E"]);
    }
}
