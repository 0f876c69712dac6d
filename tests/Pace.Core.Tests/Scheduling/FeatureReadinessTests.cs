using Pace.Core.Scheduling;
using Pace.Core.Tests.Features;

namespace Pace.Core.Tests.Scheduling;

public sealed class FeatureReadinessTests
{
    private static string DependsOn(string feature, params string[] ids) =>
        feature.Replace("\"passes\": false", $"\"passes\": false, \"depends_on\": [{string.Join(", ", ids.Select(i => $"\"{i}\""))}]", StringComparison.Ordinal);

    [Fact]
    public void Features_start_by_priority_skipping_stuck_running_and_those_whose_dependencies_do_not_pass()
    {
        var list = Lists.Valid(Lists.Pace(
            Lists.Feature("LOW-1", priority: "low"),
            Lists.Feature("DONE-2", passes: true),
            Lists.Feature("API-3", priority: "critical"),
            DependsOn(Lists.Feature("UI-4", priority: "critical"), "API-3"),
            DependsOn(Lists.Feature("DOC-5"), "DONE-2"),
            Lists.Feature("STUCK-6", priority: "critical")));

        var idle = FeatureReadiness.Startable(list, id => id == "STUCK-6", new HashSet<string>()).Select(f => f.Id.Value).ToList();
        var busy = FeatureReadiness.Startable(list, id => id == "STUCK-6", new HashSet<string> { "API-3" }).Select(f => f.Id.Value).ToList();

        idle.ShouldBe(["API-3", "DOC-5", "LOW-1"]);
        // API-3 running in a slot does not pass yet: UI-4 still waits for it.
        busy.ShouldBe(["DOC-5", "LOW-1"]);
    }

    [Fact]
    public void A_feature_starts_once_its_dependency_passes_in_the_list()
    {
        var before = Lists.Valid(Lists.Pace(Lists.Feature("API-1"), DependsOn(Lists.Feature("UI-2"), "API-1")));
        var after = Lists.Valid(Lists.Pace(Lists.Feature("API-1", passes: true), DependsOn(Lists.Feature("UI-2"), "API-1")));

        FeatureReadiness.Startable(before, _ => false, new HashSet<string>()).Select(f => f.Id.Value).ShouldBe(["API-1"]);
        FeatureReadiness.Startable(after, _ => false, new HashSet<string>()).Select(f => f.Id.Value).ShouldBe(["UI-2"]);
    }
}

public sealed class LaneStartsTests
{
    private static readonly HashSet<string> None = [];

    [Fact]
    public void Free_slots_take_the_ready_features_in_order()
    {
        var list = Lists.Valid(Lists.Pace(Lists.Feature("A-1"), Lists.Feature("B-2"), Lists.Feature("C-3"), Lists.Feature("D-4")));

        Ids(LaneStarts.Choose(list, _ => false, None, None, 2)).ShouldBe(["A-1", "B-2"]);
        Ids(LaneStarts.Choose(list, _ => false, new HashSet<string> { "A-1" }, None, 2)).ShouldBe(["B-2", "C-3"]);
        Ids(LaneStarts.Choose(list, _ => false, None, None, 0)).ShouldBeEmpty();
    }

    [Fact]
    public void A_feature_the_branch_refused_runs_again_alone_first_once_the_running_lanes_are_done()
    {
        var list = Lists.Valid(Lists.Pace(Lists.Feature("A-1"), Lists.Feature("B-2"), Lists.Feature("C-3")));
        var alone = new HashSet<string> { "C-3" };

        // Lanes still run: nothing starts, not even in free slots, so nothing lands under C-3's new session.
        Ids(LaneStarts.Choose(list, _ => false, new HashSet<string> { "A-1" }, alone, 3)).ShouldBeEmpty();
        // Nothing runs: C-3 alone, before the features ahead of it in the list.
        Ids(LaneStarts.Choose(list, _ => false, None, alone, 3)).ShouldBe(["C-3"]);
        // While it runs, nothing joins it.
        Ids(LaneStarts.Choose(list, _ => false, new HashSet<string> { "C-3" }, alone, 2)).ShouldBeEmpty();
        // Set aside as stuck, it no longer holds the others back.
        Ids(LaneStarts.Choose(list, id => id == "C-3", None, alone, 3)).ShouldBe(["A-1", "B-2"]);
    }

    private static List<string> Ids(IReadOnlyList<Pace.Core.Features.Feature> features) => [.. features.Select(f => f.Id.Value)];
}
