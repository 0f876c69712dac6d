using System.Text;
using System.Text.Json;
using Pace.Core.Features;
using Shouldly;

namespace Pace.Core.Tests.Features;

/// <summary>
/// A feature's texts are decoded from the file's bytes only when they are read: what they read
/// must be what a JSON reader of the whole file sees.
/// </summary>
public sealed class FeatureTextTests
{
    [Fact]
    public void I_get_the_texts_of_each_feature_however_its_strings_and_keys_are_written()
    {
        var list = Lists.Valid("""
            { "features": [
              { "extra": { "steps": ["not these"], "description": "nor this" }, "id": "A-1",
                "categ\u006Fry": "c\u00e9 \"quoted\"", "description": "Caf\u00e9 \ud83d\ude00 tab\there",
                "priority": "high", "steps": ["first \\ step", "zweite Schritt ü", ""], "passes": false,
                "after": [1, {"description": "no"}] },
              { "id": "A-2", "category": "x", "description": "  plain  ", "priority": "low", "passes": true }
            ] }
            """);

        var first = list.Features[0];
        first.Category.ShouldBe("cé \"quoted\"");
        first.Description.ShouldBe("Café 😀 tab\there");
        first.Steps.ShouldBe(["first \\ step", "zweite Schritt ü", ""]);
        list.Features[1].Description.ShouldBe("  plain  ");
        list.Features[1].Steps.ShouldBeEmpty();
    }

    [Fact]
    public void I_am_told_of_an_id_used_twice_even_when_one_of_them_is_written_with_escapes()
    {
        var text = Lists.Pace(Lists.Feature("A-1"), Lists.Feature("B-2"), Lists.Feature("A-1").Replace("\"A-1\"", "\"A\\u002D1\"", StringComparison.Ordinal));

        var error = Lists.SingleError(text);

        var first = Lists.Locate(text, "\"A-1\"");
        error.Message.ShouldContain($"duplicate id \"A-1\" (first used at line {first.Line}, column {first.Column})");
        error.Subject.ShouldBe("A-1");
        error.ShouldBeAt(Lists.Locate(text, "\"A\\u002D1\""));
    }

    [Fact]
    public void I_can_find_a_feature_by_an_id_written_with_escapes_or_with_characters_beyond_ascii()
    {
        var list = Lists.Valid(Lists.Pace(Lists.Feature("A-1").Replace("\"A-1\"", "\"A\\u002D1\"", StringComparison.Ordinal), Lists.Feature("ü-2")));

        list.Find("A-1").ShouldBeSameAs(list.Features[0]);
        list.Features[0].Id.Value.ShouldBe("A-1");
        list.Find("ü-2").ShouldBeSameAs(list.Features[1]);
        list.Find("u-2").ShouldBeNull();
    }

    [Fact]
    public void I_get_the_count_of_each_category_in_first_appearance_order_however_it_is_written()
    {
        var list = Lists.Valid(Lists.Pace(
            Lists.Feature("A-1", category: "core"),
            Lists.Feature("A-2", category: "\\u00fcber", priority: "low"),
            Lists.Feature("A-3", category: "über"),
            Lists.Feature("A-4", category: "a-much-longer-category-name-than-sixty-four-characters-to-grow-the-buffer-x"),
            Lists.Feature("A-5", category: "core")));

        list.CountByCategory().ShouldBe([
            KeyValuePair.Create("core", 2),
            KeyValuePair.Create("über", 2),
            KeyValuePair.Create("a-much-longer-category-name-than-sixty-four-characters-to-grow-the-buffer-x", 1)]);
        list.CountWith(Priority.High).ShouldBe(4);
        list.CountWith(Priority.Low).ShouldBe(1);
        list.Features[1].Category.ShouldBe("über");
    }

    [Fact]
    public void I_get_the_texts_of_a_plain_array_list_whose_ids_and_priorities_are_not_mine()
    {
        var list = Lists.Valid("""
            [ { "id": {"nested": true}, "priority": ["any"], "category": "ui", "description": "Shows it", "steps": ["Look"], "passes": false } ]
            """);

        list.Features[0].Category.ShouldBe("ui");
        list.Features[0].Description.ShouldBe("Shows it");
        list.Features[0].Steps.ShouldBe(["Look"]);
    }

    [Theory]
    [InlineData("\"   \"")]
    [InlineData("\"\\u0020\\t\"")]
    [InlineData("\"\u00a0\u3000 \"")]
    public void I_am_told_a_description_of_only_white_space_is_empty_however_it_is_written(string description)
    {
        var error = Lists.SingleError(Lists.Pace(Lists.Feature("A-1", description: "PLACEHOLDER")).Replace("\"PLACEHOLDER\"", description, StringComparison.Ordinal));

        error.Message.ShouldContain("\"description\" is empty");
    }

    [Fact]
    public void I_get_the_same_texts_as_a_reader_of_the_whole_file_on_many_generated_lists()
    {
        var random = new Random(8);
        string[] pieces = ["a", "é", "😀", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", " ", "\\\\", "\\/", "x y"];
        for (var round = 0; round < 200; round++)
        {
            var features = new List<string>();
            for (var i = 0; i < random.Next(1, 6); i++)
            {
                string Text() => string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => pieces[random.Next(pieces.Length)])) + "z";
                var steps = string.Join(", ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => $"\"{Text()}\""));
                features.Add($$"""{ "id": "F-{{i}}", "category": "{{Text()}}", "description": "{{Text()}}", "priority": "low", "steps": [{{steps}}], "passes": false }""");
            }

            var text = "{ \"features\": [" + string.Join(",\n", features) + "] }";
            var list = Lists.Valid(text);
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(text));
            var expected = document.RootElement.GetProperty("features").EnumerateArray().ToList();
            for (var i = 0; i < expected.Count; i++)
            {
                list.Features[i].Category.ShouldBe(expected[i].GetProperty("category").GetString());
                list.Features[i].Description.ShouldBe(expected[i].GetProperty("description").GetString());
                list.Features[i].Steps.ShouldBe(expected[i].GetProperty("steps").EnumerateArray().Select(s => s.GetString()!).ToList());
            }
        }
    }
}
