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
