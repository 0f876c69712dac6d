using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Core.Tests.Features;

/// <summary><c>depends_on</c> in a feature list: read, checked with the place of each problem, and kept on a save.</summary>
public sealed class FeatureDependencyTests
{
    private static string With(string feature, string dependsOn) => feature[..^1] + $", \"depends_on\": {dependsOn}}}";

    [Fact]
    public void I_see_the_features_a_feature_depends_on_in_the_order_listed()
    {
        var list = Lists.Valid(Lists.Pace(
            With(Lists.Feature("C"), "[\"B\", \"\\u0041\", \"B\"]"),
            Lists.Feature("A"),
            With(Lists.Feature("B"), "[]")));

        list.Find("C")!.DependsOn.Select(f => f.Id.Value).ShouldBe(["B", "A"]);
        list.Find("A")!.DependsOn.ShouldBeEmpty();
        list.Find("B")!.DependsOn.ShouldBeEmpty();
    }

    [Fact]
    public void A_plain_array_names_its_dependencies_by_position()
    {
        var list = Lists.Valid("""
            [{"category": "c", "description": "one", "steps": ["s"], "passes": false, "depends_on": ["F002"]},
             {"category": "c", "description": "two", "steps": ["s"], "passes": false}]
            """);

        list.Features[0].DependsOn.Single().Description.ShouldBe("two");
        list.Next!.Id.Value.ShouldBe("F002");
    }

    [Theory]
    [InlineData("\"A\"", "\"A\"", "\"depends_on\" must be an array of feature ids; found a string")]
    [InlineData("{\"A\": 1}", "{\"A\"", "\"depends_on\" must be an array of feature ids; found an object")]
    [InlineData("[\"A\", 7]", "7]", "\"depends_on\" must hold only feature ids (strings); found a number")]
    [InlineData("[\"A\", \"NOPE\"]", "\"NOPE\"", "depends on unknown feature \"NOPE\"")]
    [InlineData("[\"B\"]", "[\"B\"]", "depends on itself")]
    public void I_am_told_where_a_dependency_is_wrong_and_what_is_wrong(string dependsOn, string at, string message)
    {
        var text = Lists.Pace(Lists.Feature("A"), With(Lists.Feature("B"), dependsOn), Lists.Feature("C"));

        var error = Lists.SingleError(text);

        error.Severity.ShouldBe(Severity.Error);
        error.Field.ShouldBe("depends_on");
        error.Subject.ShouldBe("B");
        error.Message.ShouldStartWith("features[1] (\"B\")");
        error.Message.ShouldEndWith(message);
        var place = Lists.Locate(text, at, occurrence: at.StartsWith("\"A\"", StringComparison.Ordinal) ? 2 : 1);
        error.ShouldBeAt(at == "[\"B\"]" ? (place.Line, place.Column + 1) : place);
    }

    [Fact]
    public void I_am_told_of_a_dependency_cycle_at_the_first_feature_in_it_with_the_whole_cycle()
    {
        var text = Lists.Pace(
            With(Lists.Feature("A"), "[\"C\"]"),
            With(Lists.Feature("B"), "[\"A\"]"),
            With(Lists.Feature("C"), "[\"B\"]"),
            Lists.Feature("D"));

        var error = Lists.SingleError(text);

        error.Message.ShouldBe("dependency cycle: A -> C -> B -> A (each feature depends on the next)");
        error.Field.ShouldBe("depends_on");
        error.ShouldBeAt(Lists.Locate(text, "\"A\""));
    }

    [Fact]
    public void An_unknown_dependency_is_reported_beside_a_wrong_element_of_another_features_list()
    {
        var text = Lists.Pace(With(Lists.Feature("A"), "[false]"), With(Lists.Feature("B"), "[\"ZZ\"]"));

        var errors = Lists.Parse(text).Errors.Select(e => e.Message).ToList();

        errors.ShouldBe([
            "features[0] (\"A\"): \"depends_on\" must hold only feature ids (strings); found a boolean",
            "features[1] (\"B\") depends on unknown feature \"ZZ\"",
        ]);
    }

    [Fact]
    public void A_repeated_id_is_reported_once_and_not_as_an_unknown_dependency()
    {
        var text = Lists.Pace(Lists.Feature("A"), With(Lists.Feature("B"), "[\"A\"]"), Lists.Feature("A"));

        var errors = Lists.Parse(text).Errors.ToList();

        errors.Count.ShouldBe(1);
        errors[0].Message.ShouldStartWith("duplicate id \"A\"");
    }

    [Fact]
    public void A_save_keeps_depends_on_byte_for_byte()
    {
        var text = Lists.Pace(Lists.Feature("A"), With(Lists.Feature("B"), "[ \"A\" ,\"\\u0041\"\n      ]"));
        var list = Lists.Valid(text);

        var saved = System.Text.Encoding.UTF8.GetString(FeatureListEditor.SetPasses(list, new Dictionary<FeatureId, bool> { [new FeatureId("A")] = true }, DateTimeOffset.UnixEpoch));

        saved.ShouldContain("\"depends_on\": [ \"A\" ,\"\\u0041\"\n      ]}");
        Lists.Valid(saved).Find("B")!.DependsOn.Single().Passes.ShouldBeTrue();
    }
}
