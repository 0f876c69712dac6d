namespace Pace.Core.Tests.Features;

/// <summary>Metadata that is missing, or missing some keys, is added in the file's own style.</summary>
public sealed class FeatureListEditorLayoutTests
{
    private const string Stamp = "\"2026-03-04T03:06:07.890Z\"";
    private const string A = "{\"id\": \"A\", \"category\": \"c\", \"description\": \"d\", \"priority\": \"high\", \"steps\": [\"s\"], \"passes\": false}";
    private const string APassing = "{\"id\": \"A\", \"category\": \"c\", \"description\": \"d\", \"priority\": \"high\", \"steps\": [\"s\"], \"passes\": true}";

    private static string Save(string text) => FeatureListEditorTests.Save(text, ("A", true));

    [Theory]
    [InlineData("  ")]
    [InlineData("    ")]
    [InlineData("\t")]
    public void I_get_a_missing_metadata_object_indented_like_the_rest_of_the_file(string unit)
    {
        var text = $"{{\n{unit}\"features\": [\n{unit}{unit}{A}\n{unit}]\n}}\n";

        var saved = Save(text);

        var i2 = unit + unit;
        saved.ShouldBe($"{{\n{unit}\"features\": [\n{i2}{APassing}\n{unit}],\n{unit}\"metadata\": {{\n{i2}\"total_features\": 1,\n{i2}\"passing\": 1,\n{i2}\"failing\": 0,\n{i2}\"last_updated\": {Stamp}\n{unit}}}\n}}\n");
        Lists.Valid(saved).Progress.Passing.ShouldBe(1);
    }

    [Fact]
    public void I_get_a_missing_metadata_object_on_the_same_line_in_a_single_line_file()
    {
        var text = $"{{\"features\": [{A}]}}";

        Save(text).ShouldBe($"{{\"features\": [{APassing}], \"metadata\": {{ \"total_features\": 1, \"passing\": 1, \"failing\": 0, \"last_updated\": {Stamp} }}}}");
    }

    [Fact]
    public void I_get_a_missing_metadata_object_with_windows_line_ends_in_a_windows_file()
    {
        var text = $"{{\r\n  \"features\": [\r\n    {A}\r\n  ]\r\n}}\r\n";

        Save(text).ShouldBe($"{{\r\n  \"features\": [\r\n    {APassing}\r\n  ],\r\n  \"metadata\": {{\r\n    \"total_features\": 1,\r\n    \"passing\": 1,\r\n    \"failing\": 0,\r\n    \"last_updated\": {Stamp}\r\n  }}\r\n}}\r\n");
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("    ")]
    [InlineData("\t")]
    public void I_get_the_missing_metadata_keys_added_after_the_ones_there_in_their_indentation(string unit)
    {
        var i2 = unit + unit;
        var text = $"{{\n{unit}\"features\": [\n{i2}{A}\n{unit}],\n{unit}\"metadata\": {{\n{i2}\"project_name\": \"p\",\n{i2}\"passing\": 0\n{unit}}},\n{unit}\"extra\": 1\n}}\n";

        var saved = Save(text);

        saved.ShouldBe($"{{\n{unit}\"features\": [\n{i2}{APassing}\n{unit}],\n{unit}\"metadata\": {{\n{i2}\"project_name\": \"p\",\n{i2}\"passing\": 1,\n{i2}\"total_features\": 1,\n{i2}\"failing\": 0,\n{i2}\"last_updated\": {Stamp}\n{unit}}},\n{unit}\"extra\": 1\n}}\n");
    }

    [Fact]
    public void I_get_the_missing_metadata_keys_on_one_line_when_the_metadata_is_on_one_line()
    {
        var text = $"{{\n  \"features\": [{A}],\n  \"metadata\": {{\"project_name\": \"p\"}}\n}}";

        Save(text).ShouldBe($"{{\n  \"features\": [{APassing}],\n  \"metadata\": {{\"project_name\": \"p\", \"total_features\": 1, \"passing\": 1, \"failing\": 0, \"last_updated\": {Stamp}}}\n}}");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{ }")]
    public void I_get_an_empty_metadata_object_on_one_line_filled_on_that_line(string empty)
    {
        var text = $"{{\"features\": [{A}], \"metadata\": {empty}}}";

        Save(text).ShouldBe($"{{\"features\": [{APassing}], \"metadata\": {{ \"total_features\": 1, \"passing\": 1, \"failing\": 0, \"last_updated\": {Stamp} }}}}");
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("    ")]
    [InlineData("\t")]
    public void I_get_an_empty_metadata_object_that_spans_lines_filled_one_key_a_line(string unit)
    {
        var i2 = unit + unit;
        var text = $"{{\n{unit}\"features\": [\n{i2}{A}\n{unit}],\n{unit}\"metadata\": {{\n{unit}}}\n}}\n";

        Save(text).ShouldBe($"{{\n{unit}\"features\": [\n{i2}{APassing}\n{unit}],\n{unit}\"metadata\": {{\n{i2}\"total_features\": 1,\n{i2}\"passing\": 1,\n{i2}\"failing\": 0,\n{i2}\"last_updated\": {Stamp}\n{unit}}}\n}}\n");
    }
}
