using Pace.Core.Features;

namespace Pace.Core.Tests.Features;

public sealed class FeatureSelectionTests
{
    [Fact]
    public void I_get_the_first_failing_feature_of_the_highest_priority()
    {
        var list = Lists.Valid(Lists.Pace(
            Lists.Feature("LOW-1", "low"),
            Lists.Feature("MED-1", "medium"),
            Lists.Feature("CRIT-1", "critical", passes: true),
            Lists.Feature("HIGH-1", "high"),
            Lists.Feature("CRIT-2", "critical")));

        list.Next!.Id.Value.ShouldBe("CRIT-2");
        list.Failing.Select(f => f.Id.Value).ShouldBe(["CRIT-2", "HIGH-1", "MED-1", "LOW-1"]);
    }

    [Fact]
    public void I_get_features_of_equal_priority_in_file_order()
    {
        var list = Lists.Valid(Lists.Pace(
            Lists.Feature("Z", "medium"),
            Lists.Feature("B", "high"),
            Lists.Feature("A", "medium"),
            Lists.Feature("Y", "high"),
            Lists.Feature("M", "medium")));

        list.Failing.Select(f => f.Id.Value).ShouldBe(["B", "Y", "Z", "A", "M"]);
    }

    [Fact]
    public void I_get_the_first_failing_entry_of_a_plain_array_by_position()
    {
        var list = Lists.Valid("""
            [{"category": "c", "description": "one", "steps": ["s"], "passes": true},
             {"category": "c", "description": "two", "steps": ["s"], "passes": false},
             {"category": "c", "description": "three", "steps": ["s"], "passes": false}]
            """);

        list.Next!.Id.Value.ShouldBe("F002");
        list.Failing.Select(f => f.Description).ShouldBe(["two", "three"]);
    }

    [Fact]
    public void I_get_no_next_feature_when_all_pass()
    {
        var list = Lists.Valid(Lists.Pace(Lists.Feature("A", passes: true), Lists.Feature("B", "low", passes: true)));

        list.Next.ShouldBeNull();
        list.Failing.ShouldBeEmpty();
        list.Progress.IsComplete.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(0, 4, 0.0)]
    [InlineData(1, 4, 25.0)]
    [InlineData(1, 3, 33.3)]
    [InlineData(2, 3, 66.7)]
    [InlineData(1, 8, 12.5)]
    [InlineData(1, 16, 6.3)]
    [InlineData(999, 1000, 99.9)]
    [InlineData(9999, 10000, 100.0)]
    [InlineData(5, 5, 100.0)]
    public void I_see_the_passing_share_rounded_to_one_decimal(int passing, int total, double percentage)
    {
        var progress = new FeatureProgress(passing, total - passing, total);

        progress.Percentage.ShouldBe(percentage);
        progress.IsComplete.ShouldBe(passing == total);
    }

    [Fact]
    public void I_see_progress_counted_from_the_features_not_from_the_stale_metadata()
    {
        var text = Lists.Pace(Lists.Feature("A", passes: true), Lists.Feature("B"), Lists.Feature("C"))
            .Replace("\"project_name\": \"demo\"", "\"project_name\": \"demo\", \"total_features\": 9, \"passing\": 9, \"failing\": 0");

        var progress = Lists.Valid(text).Progress;

        progress.ShouldBe(new FeatureProgress(1, 2, 3));
        progress.Percentage.ShouldBe(33.3);
        progress.IsComplete.ShouldBeFalse();
    }
}
