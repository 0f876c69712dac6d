using Pace.Core.Diagnostics;
using Pace.Core.Features;

namespace Pace.Core.Tests.Features;

public sealed class FeatureListValidationTests
{
    [Theory]
    [InlineData("\"passes\": false", "\"passes\": \"no\"", "\"no\"", "passes", "\"passes\" must be true or false; found a string")]
    [InlineData("\"passes\": false", "\"passes\": 0", "0", "passes", "\"passes\" must be true or false; found a number")]
    [InlineData("\"category\": \"core\"", "\"category\": null", "null", "category", "\"category\" must be a string; found null")]
    [InlineData("\"description\": \"Feature B\"", "\"description\": [\"x\"]", "[\"x\"]", "description", "\"description\" must be a string; found an array")]
    [InlineData("\"id\": \"B\"", "\"id\": 7", "7", "id", "\"id\" must be a string; found a number")]
    [InlineData("\"priority\": \"high\"", "\"priority\": {}", "{}", "priority", "\"priority\" must be a string; found an object")]
    [InlineData("\"steps\": [\"check B\"]", "\"steps\": \"check B\"", "\"check B\"", "steps", "\"steps\" must be an array of strings; found a string")]
    [InlineData("\"steps\": [\"check B\"]", "\"steps\": [\"ok\", 5]", "5]", "steps", "\"steps\" must hold only strings; found a number")]
    [InlineData("\"priority\": \"high\"", "\"priority\": \"urgent\"", "\"urgent\"", "priority", "\"priority\" must be one of critical, high, medium, low; found \"urgent\"")]
    [InlineData("\"priority\": \"high\"", "\"priority\": \"High\"", "\"High\"", "priority", "\"priority\" must be one of critical, high, medium, low; found \"High\"")]
    [InlineData("\"description\": \"Feature B\"", "\"description\": \"  \"", "\"  \"", "description", "\"description\" is empty")]
    [InlineData("\"id\": \"B\"", "\"id\": \"\"", "\"\"", "id", "\"id\" is empty")]
    public void I_am_told_where_a_field_has_a_wrong_value(string original, string replacement, string at, string field, string message)
    {
        var broken = Lists.Feature("B").Replace(original, replacement);
        broken.ShouldContain(replacement);
        var text = Lists.Pace(Lists.Feature("A"), broken, Lists.Feature("C"));

        var error = Lists.SingleError(text);

        error.Severity.ShouldBe(Severity.Error);
        error.Field.ShouldBe(field);
        error.Message.ShouldEndWith(message);
        error.Message.ShouldStartWith("features[1]");
        error.ShouldBeAt(Lists.Locate(text, at, occurrence: 1));
        error.Line.ShouldBe(4);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("category")]
    [InlineData("description")]
    [InlineData("priority")]
    [InlineData("passes")]
    public void I_am_told_which_required_field_is_missing_and_where_the_feature_starts(string field)
    {
        var feature = Lists.Feature("B");
        var start = feature.IndexOf($"\"{field}\"", StringComparison.Ordinal);
        var end = feature.IndexOf(", \"", start, StringComparison.Ordinal);
        var without = end < 0 ? feature[..(feature.LastIndexOf(',') )] + "}" : feature.Remove(start, end + 2 - start);
        var text = Lists.Pace(Lists.Feature("A"), without);

        var error = Lists.SingleError(text);

        error.Message.ShouldContain($"missing required field \"{field}\"");
        error.Field.ShouldBe(field);
        error.ShouldBeAt((4, 5));
    }

    [Fact]
    public void I_am_told_where_a_duplicate_id_is_and_where_it_was_first_used()
    {
        var text = Lists.Pace(Lists.Feature("A"), Lists.Feature("DUP"), Lists.Feature("B"), Lists.Feature("DUP", "low"));

        var error = Lists.SingleError(text);

        var first = Lists.Locate(text, "\"DUP\"", 1);
        error.ShouldBeAt(Lists.Locate(text, "\"DUP\"", 2));
        error.Message.ShouldContain($"duplicate id \"DUP\" (first used at line {first.Line}, column {first.Column})");
        error.Subject.ShouldBe("DUP");
    }

    [Fact]
    public void I_am_told_every_problem_of_a_list_at_once()
    {
        var text = Lists.Pace(Lists.Feature("A", "urgent"), Lists.Feature("B").Replace("false", "1"), Lists.Feature("A"));

        var errors = Lists.Parse(text).Errors.ToList();

        // The third feature repeats the id of the first, whose priority is wrong: a problem too.
        errors.Select(e => (e.Line, e.Field)).ShouldBe([(3, "priority"), (4, "passes"), (5, "id")]);
    }

    [Theory]
    [InlineData("{\n  \"features\": [\n    {\"id\": \"A\" \"category\": \"c\"}\n  ]\n}", "\"category\"")]
    [InlineData("{\n  \"features\": [\n    {\"id\": \"A\",}\n  ]\n}", "}\n  ]")]
    [InlineData("{\n  \"features\": [\n    {\"id\": 'A'}\n  ]\n}", "'A'")]
    [InlineData("{\n  \"features\": [\n    {\"id\": tru}\n  ]\n}", "}\n  ]")]
    [InlineData("{\n  \"features\": []\n} x", "x")]
    [InlineData("{\n  \"features\": []\n}\n{}", "{}")]
    [InlineData("[]\n// a comment", "//")]
    public void I_am_told_where_the_json_is_malformed(string text, string at)
    {
        var error = Lists.SingleError(text);

        error.Message.ShouldStartWith("invalid JSON: ");
        error.ShouldBeAt(Lists.Locate(text, at));
    }

    [Fact]
    public void I_am_told_when_a_list_stops_in_the_middle()
    {
        var full = Lists.Pace(Lists.Feature("A"), Lists.Feature("B"));
        var text = full[..full.IndexOf("\"B\"", StringComparison.Ordinal)];

        var error = Lists.SingleError(text);

        error.Message.ShouldStartWith("invalid JSON: ");
        error.Line.ShouldBe(4);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("\"features\"")]
    [InlineData("42")]
    [InlineData("{\"metadata\": {}}")]
    [InlineData("{\"features\": {}}")]
    [InlineData("{\"features\": [], \"metadata\": []}")]
    [InlineData("{\"features\": [], \"features\": []}")]
    [InlineData("[1]")]
    public void I_am_told_when_the_file_is_not_a_feature_list(string text)
    {
        var error = Lists.SingleError(text);

        error.Line.ShouldNotBeNull();
        error.Column.ShouldNotBeNull();
    }

    [Fact]
    public void I_get_columns_in_characters_after_non_ascii_text_a_byte_order_mark_and_windows_line_ends()
    {
        var text = "{\r\n  \"features\": [\r\n    {\"id\": \"Ä-✓-🚀\", \"category\": \"ünïcödé\", \"description\": \"日本語\", \"priority\": \"sometime\", \"steps\": [\"s\"], \"passes\": false}\r\n  ]\r\n}\r\n";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray();

        var error = Lists.Parse(bytes).Errors.Single();

        error.ShouldBeAt(Lists.Locate(text, "\"sometime\""));
        error.Line.ShouldBe(3);
        error.Column.ShouldBe(78);
    }

    [Fact]
    public void I_get_the_place_of_a_syntax_error_in_characters_after_non_ascii_text_and_a_byte_order_mark()
    {
        var text = "{\"features\": [{\"id\": \"Ä-🚀\", \"category\": \"ü\" \"description\": \"d\"}]}";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(text)).ToArray();

        var error = Lists.Parse(bytes).Errors.Single();

        error.ShouldBeAt(Lists.Locate(text, "\"description\""));
    }

    [Theory]
    [InlineData("{\"features\": [{\"id\": \"A\", \"category\": \"c\xff\", \"description\": \"d\", \"priority\": \"low\", \"steps\": [\"s\"], \"passes\": false}]}")]
    [InlineData("{\"features\": [{\"id\": \"A\", \"category\": \"c\", \"description\": \"d\\uD800\", \"priority\": \"low\", \"steps\": [\"s\"], \"passes\": false}]}")]
    [InlineData("{\"features\": [], \"metadata\": {\"project_name\": \"\\uDC00x\"}}")]
    [InlineData("[{\"category\": \"c\", \"description\": \"d\", \"steps\": [\"\\uD83D\"], \"passes\": false}]")]
    [InlineData("[{\"category\": \"c\", \"description\": \"d\", \"steps\": [\"s\"], \"passes\": false}] \xc3")]
    public void I_am_told_about_text_that_is_not_valid_unicode_instead_of_a_crash(string template)
    {
        // \xff stands for a raw byte that is not UTF-8.
        var bytes = template.Select(c => (byte)c).ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            if (template[i] > 0x7f)
            {
                bytes[i] = (byte)template[i];
            }
        }

        var result = Lists.Parse(bytes);

        result.List.ShouldBeNull();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(1);
        error.Message.ShouldContain("not valid");
    }

    [Fact]
    public void I_can_have_unknown_keys_that_are_not_valid_unicode_since_pace_never_reads_them()
    {
        var result = Lists.Parse("""{"\uDEAD": [], "features": [{"id": "A", "\uD83Dx": 1, "category": "c", "description": "d", "priority": "low", "steps": ["s"], "passes": false}], "metadata": {"\uD800": 1}}""");

        result.Errors.ShouldBeEmpty();
        result.List!.Features.Single().Id.Value.ShouldBe("A");
    }

    [Fact]
    public void I_am_warned_but_not_stopped_when_a_feature_has_no_steps()
    {
        var text = Lists.Pace(Lists.Feature("A"), Lists.Feature("B").Replace("[\"check B\"]", "[]"), Lists.Feature("C").Replace(", \"steps\": [\"check C\"]", ""));

        var result = Lists.Parse(text);

        result.List.ShouldNotBeNull();
        result.Errors.ShouldBeEmpty();
        var warnings = result.List.Warnings.ToList();
        warnings.Count.ShouldBe(2);
        warnings.ShouldAllBe(w => w.Severity == Severity.Warning && w.Field == "steps" && w.Message.Contains("no verification steps"));
        warnings.Select(w => (w.Subject, w.Line, w.Column)).ShouldBe([("B", 4, 5), ("C", 5, 5)]);
        warnings[0].ToString().ShouldBe($"{Lists.Path}:4:5: warning: {warnings[0].Message}");
    }

    [Fact]
    public void A_duplicate_id_whose_later_copy_also_has_a_bad_field_is_reported_too()
    {
        var text = Lists.Pace(Lists.Feature("A"), Lists.Feature("DUP"), Lists.Feature("DUP", "urgent"), Lists.Feature("B"));

        var errors = Lists.Parse(text).Errors.ToList();

        errors.Select(e => (e.Field, e.Line)).ShouldBe([("priority", 5), ("id", 5)], string.Join("\n", errors));
        var first = Lists.Locate(text, "\"DUP\"", 1);
        errors[1].Message.ShouldContain($"duplicate id \"DUP\" (first used at line {first.Line}, column {first.Column})");
        errors[1].ShouldBeAt(Lists.Locate(text, "\"DUP\"", 2));
    }

    [Fact]
    public void A_duplicate_id_whose_first_copy_has_a_bad_field_is_reported_at_the_later_copy()
    {
        var text = Lists.Pace(Lists.Feature("DUP").Replace("false", "\"no\""), Lists.Feature("B"), Lists.Feature("DUP"));

        var errors = Lists.Parse(text).Errors.ToList();

        errors.Select(e => (e.Field, e.Line)).ShouldBe([("passes", 3), ("id", 5)], string.Join("\n", errors));
        errors[1].Message.ShouldContain("duplicate id \"DUP\" (first used at line 3");
    }

    [Fact]
    public void An_escaped_priority_is_read_as_the_name_it_spells()
    {
        var text = Lists.Pace(Lists.Feature("A", priority: "hig\\u0068"), Lists.Feature("B", priority: "\\u006Cow"));

        var list = Lists.Valid(text);

        list.Features.Select(f => f.Priority).ShouldBe([Priority.High, Priority.Low]);
    }

    [Fact]
    public void An_empty_category_is_counted_as_uncategorized_as_the_seed_counts_it()
    {
        var text = Lists.Pace(Lists.Feature("A", category: ""), Lists.Feature("B"), Lists.Feature("C", category: "uncategorized"));

        var list = Lists.Valid(text);

        list.CountByCategory().ShouldBe([KeyValuePair.Create("uncategorized", 2), KeyValuePair.Create("core", 1)]);
    }
}
