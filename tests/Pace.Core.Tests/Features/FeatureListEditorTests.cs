using System.Text;
using Pace.Core.Features;

namespace Pace.Core.Tests.Features;

public sealed class FeatureListEditorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.FromHours(2));
    private const string Stamp = "\"2026-03-04T03:06:07.890Z\"";

    internal static string Save(string text, params (string Id, bool Passes)[] changes)
    {
        var list = Lists.Valid(text);
        var bytes = FeatureListEditor.SetPasses(list, changes.ToDictionary(c => new FeatureId(c.Id), c => c.Passes), Now);
        return Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public void I_can_mark_a_feature_and_only_its_passes_value_and_the_counts_change()
    {
        var text = """
            {
              "features": [
                {"id": "A", "category": "c", "description": "d", "priority": "high", "steps": ["s"], "passes": false},
                {"id": "B", "category": "c", "description": "d", "priority": "low", "steps": ["s"], "passes": false}
              ],
              "metadata": {"project_name": "p", "total_features": 2, "passing": 0, "failing": 2, "last_updated": "2020-01-01"}
            }
            """;

        var saved = Save(text, ("B", true));

        saved.ShouldBe(text
            .Replace("\"priority\": \"low\", \"steps\": [\"s\"], \"passes\": false", "\"priority\": \"low\", \"steps\": [\"s\"], \"passes\": true")
            .Replace("\"passing\": 0, \"failing\": 2, \"last_updated\": \"2020-01-01\"", $"\"passing\": 1, \"failing\": 1, \"last_updated\": {Stamp}"));
        var reread = Lists.Valid(saved);
        reread.Find("B")!.Passes.ShouldBeTrue();
        reread.Find("A")!.Passes.ShouldBeFalse();
    }

    [Fact]
    public void I_keep_unknown_fields_key_order_spacing_escapes_and_numbers_byte_for_byte()
    {
        var text = "{ \"zeta\" : [1.50e3, -0, {\"x\":null}],\n\"features\":[ {\"passes\" :true,\"notes\":\"caf\\u00e9 \\/ ✓\",\"id\":\"A\",\"priority\":\"high\",\n  \"description\":\"d\",\"category\":\"c\",\"steps\":[\"s\"], \"owner\": {\"passes\": false}} ],\n"
            + "\"metadata\" : { \"failing\" :  7 , \"custom\": {\"passing\": 3}, \"total_features\":1, \"passing\" : 99 , \"project_name\":\"p\" }, \"tail\": true }";

        var saved = Save(text, ("A", false));

        saved.ShouldBe(text
            .Replace("\"passes\" :true", "\"passes\" :false")
            .Replace("\"failing\" :  7 ,", "\"failing\" :  1 ,")
            .Replace("\"passing\" : 99 ,", "\"passing\" : 0 ,")
            .Replace("\"project_name\":\"p\" }", $"\"project_name\":\"p\", \"last_updated\": {Stamp} }}"));
    }

    [Fact]
    public void I_keep_a_plain_array_as_it_was_except_the_passes_value()
    {
        var text = "[\n\t{\"category\": \"c\", \"description\": \"one\", \"passes\": false, \"steps\": []},\n\t{\"category\": \"c\", \"description\": \"two\", \"passes\": false}\n]\n";

        var saved = Save(text, ("F002", true));

        saved.ShouldBe(text.Replace("\"two\", \"passes\": false", "\"two\", \"passes\": true"));
    }

    [Fact]
    public void I_keep_windows_line_ends_and_the_byte_order_mark()
    {
        var text = Lists.Pace(Lists.Feature("A")).Replace("\n", "\r\n");
        var list = Lists.Parse(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(text)).ToArray()).List!;

        var bytes = FeatureListEditor.SetPasses(list, new Dictionary<FeatureId, bool> { [new FeatureId("A")] = true }, Now);

        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var saved = Encoding.UTF8.GetString(bytes.AsSpan(3));
        saved.ShouldBe(text
            .Replace("\"passes\": false", "\"passes\": true")
            .Replace("\"project_name\": \"demo\"\r\n", $"\"project_name\": \"demo\",\r\n    \"total_features\": 1,\r\n    \"passing\": 1,\r\n    \"failing\": 0,\r\n    \"last_updated\": {Stamp}\r\n"));
        saved.Replace("\r\n", "").ShouldNotContain("\n");
    }

    [Fact]
    public void I_get_the_same_bytes_back_when_nothing_changes_and_the_metadata_is_current()
    {
        var text = $"{{\"features\": [{Lists.Feature("A", passes: true)}], \"metadata\": {{\"total_features\": 1, \"passing\": 1, \"failing\": 0, \"last_updated\": {Stamp}}}}}";

        Save(text).ShouldBe(text);
        Save(text, ("A", true)).ShouldBe(text);
    }

    [Fact]
    public void I_can_change_many_features_at_once()
    {
        var ids = Enumerable.Range(1, 50).Select(i => $"F-{i}").ToList();
        var text = Lists.Pace(ids.Select(id => Lists.Feature(id)).ToArray());

        var saved = Save(text, ids.Where((_, i) => i % 3 == 0).Select(id => (id, true)).ToArray());

        var reread = Lists.Valid(saved);
        reread.Progress.Passing.ShouldBe(17);
        reread.Features.Where(f => f.Passes).Select(f => f.Index % 3).ShouldAllBe(r => r == 0);
        saved.Replace("\"passes\": true", "\"passes\": false").ShouldBe(Save(text).Replace("\"passing\": 0,", "\"passing\": 17,").Replace("\"failing\": 50,", "\"failing\": 33,"));
    }

    [Fact]
    public void I_get_the_last_of_repeated_metadata_keys_updated_as_json_readers_see_that_one()
    {
        var text = $"{{\"features\": [{Lists.Feature("A")}], \"metadata\": {{\"passing\": 5, \"passing\": 6, \"total_features\": 1, \"failing\": 1, \"last_updated\": null}}}}";

        Save(text, ("A", true)).ShouldBe(text
            .Replace("\"passing\": 6", "\"passing\": 1")
            .Replace("\"failing\": 1", "\"failing\": 0")
            .Replace("\"last_updated\": null", $"\"last_updated\": {Stamp}")
            .Replace("\"passes\": false", "\"passes\": true"));
    }
}
