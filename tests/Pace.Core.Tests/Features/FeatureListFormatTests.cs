using Pace.Core.Features;

namespace Pace.Core.Tests.Features;

public sealed class FeatureListFormatTests
{
    [Fact]
    public void I_can_read_every_field_of_a_PACE_list()
    {
        var list = Lists.Valid("""
            {
              "features": [
                { "id": "AUTH-003", "category": "auth", "description": "User can log out", "priority": "critical",
                  "steps": ["Log in", "Press log out"], "passes": true, "tags": ["optional"] },
                { "id": "AUTH-004", "category": "auth", "description": "User can reset a password", "priority": "low",
                  "steps": [], "passes": false }
              ],
              "metadata": { "project_name": "shop", "total_features": 2, "passing": 1, "failing": 1 }
            }
            """);

        list.Format.ShouldBe(FeatureListFormat.PaceObject);
        list.Format.Name().ShouldBe("pace");
        list.ProjectName.ShouldBe("shop");
        list.Path.ShouldBe(Lists.Path);
        list.Features.Count.ShouldBe(2);
        var first = list.Features[0];
        (first.Id, first.Index, first.Category, first.Description, first.Priority, first.Passes)
            .ShouldBe((new FeatureId("AUTH-003"), 0, "auth", "User can log out", (Priority?)Priority.Critical, true));
        first.Steps.ShouldBe(["Log in", "Press log out"]);
        list.Features[1].Priority.ShouldBe(Priority.Low);
        list.Features[1].Passes.ShouldBeFalse();
        list.Find("AUTH-004").ShouldBeSameAs(list.Features[1]);
        list.Find("auth-004").ShouldBeNull();
    }

    [Theory]
    [InlineData("critical", Priority.Critical)]
    [InlineData("high", Priority.High)]
    [InlineData("medium", Priority.Medium)]
    [InlineData("low", Priority.Low)]
    public void I_can_use_each_of_the_four_priorities(string name, Priority expected)
    {
        Lists.Valid(Lists.Pace(Lists.Feature("A-1", name))).Features[0].Priority.ShouldBe(expected);
        expected.Name().ShouldBe(name);
    }

    [Fact]
    public void I_can_read_a_plain_array_list_whose_ids_come_from_positions()
    {
        var entries = Enumerable.Range(0, 1000).Select(i => $$"""{"category": "c", "description": "entry {{i}}", "steps": ["s"], "passes": {{(i % 2 == 0 ? "false" : "true")}}}""");
        var list = Lists.Valid("[" + string.Join(",\n", entries) + "]");

        list.Format.ShouldBe(FeatureListFormat.PlainArray);
        list.Format.Name().ShouldBe("plain-array");
        list.ProjectName.ShouldBeNull();
        list.Features.Count.ShouldBe(1000);
        list.Features[0].Id.Value.ShouldBe("F001");
        list.Features[41].Id.Value.ShouldBe("F042");
        list.Features[999].Id.Value.ShouldBe("F1000");
        list.Features[41].Description.ShouldBe("entry 41");
        list.Features.ShouldAllBe(f => f.Priority == null);
        list.Find("F002")!.Passes.ShouldBeTrue();
    }

    [Fact]
    public void I_can_keep_ids_and_priorities_in_a_plain_array_but_position_still_decides()
    {
        var list = Lists.Valid("""[{"id": "MINE", "priority": "low", "category": "c", "description": "d", "steps": ["s"], "passes": false}]""");

        list.Features[0].Id.Value.ShouldBe("F001");
        list.Features[0].Priority.ShouldBeNull();
    }

    [Fact]
    public void I_can_have_fields_pace_does_not_know_in_features_and_at_the_root()
    {
        var list = Lists.Valid("""
            {"version": 2, "features": [{"id": "A", "owner": {"name": "x", "tags": [1, 2]}, "category": "c",
              "description": "d", "priority": "high", "steps": ["s"], "passes": false, "notes": null}], "extra": [true]}
            """);

        list.Features.Single().Id.Value.ShouldBe("A");
        list.ProjectName.ShouldBeNull();
    }

    [Fact]
    public void I_can_read_a_list_with_a_byte_order_mark_and_windows_line_ends()
    {
        var text = Lists.Pace(Lists.Feature("A-1"), Lists.Feature("A-2", passes: true)).Replace("\n", "\r\n");
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray();

        var list = Lists.Parse(bytes).List.ShouldNotBeNull();

        list.Features.Select(f => f.Id.Value).ShouldBe(["A-1", "A-2"]);
        list.Progress.Passing.ShouldBe(1);
    }

    [Fact]
    public void I_can_read_an_empty_list()
    {
        var list = Lists.Valid("""{"features": []}""");

        list.Features.ShouldBeEmpty();
        list.Next.ShouldBeNull();
        list.Progress.IsComplete.ShouldBeTrue();
        Lists.Valid("[]").Format.ShouldBe(FeatureListFormat.PlainArray);
    }

    [Fact]
    public void I_can_read_text_with_escapes_and_non_ascii_characters()
    {
        var list = Lists.Valid("""{"features": [{"id": "Ü-1", "category": "ünï", "description": "Say \"hé\" \u2713 🚀", "priority": "high", "steps": ["a\nb"], "passes": false}]}""");

        list.Features[0].Id.Value.ShouldBe("Ü-1");
        list.Features[0].Description.ShouldBe("Say \"hé\" ✓ 🚀");
        list.Features[0].Steps.ShouldBe(["a\nb"]);
    }
}
