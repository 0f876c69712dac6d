using System.Text;
using Pace.Core.Plans;

namespace Pace.Core.Tests.Plans;

public sealed class PlanMergeTests
{
    private static string Merge(string existing, string plan, PlanFormat format = PlanFormat.FeatureList) =>
        Encoding.UTF8.GetString(PlanMerge.Append(Encoding.UTF8.GetBytes(existing), Encoding.UTF8.GetBytes(plan), format));

    [Fact]
    public void Items_merged_into_an_empty_array_go_between_its_brackets()
    {
        Merge("{\n  \"features\": []\n}\n", """{"features": [{"id": "A"}, {"id": "B"}]}""")
            .ShouldBe("{\n  \"features\": [\n    {\"id\": \"A\"},\n    {\"id\": \"B\"}\n  ]\n}\n");
    }

    [Fact]
    public void A_file_with_CRLF_line_ends_keeps_them_for_the_new_items()
    {
        Merge("{\r\n  \"tasks\": [\r\n    {\"id\": \"a\"}\r\n  ]\r\n}\r\n", """{"tasks": [{"id": "b"}]}""", PlanFormat.Spec)
            .ShouldBe("{\r\n  \"tasks\": [\r\n    {\"id\": \"a\"},\r\n    {\"id\": \"b\"}\r\n  ]\r\n}\r\n");
    }

    [Fact]
    public void A_multi_line_item_keeps_its_inner_indentation_relative_to_the_existing_items()
    {
        Merge("[\n    {\"id\": \"a\"}\n]\n", "[\n  {\"id\": \"b\",\n    \"steps\": [\"s\"]}\n]")
            .ShouldBe("[\n    {\"id\": \"a\"},\n    {\"id\": \"b\",\n      \"steps\": [\"s\"]}\n]\n");
    }

    [Fact]
    public void A_plan_answered_in_a_message_is_read_from_its_json_fence_or_as_a_whole_and_prose_is_no_plan()
    {
        Encoding.UTF8.GetString(PlanAnswer.FromMessage("Here it is:\n```json\n{\"features\": []}\n```\nDone.")!).ShouldBe("{\"features\": []}\n");
        Encoding.UTF8.GetString(PlanAnswer.FromMessage("  [1]  ")!).ShouldBe("[1]");
        PlanAnswer.FromMessage("1. Add login\n2. Add cart").ShouldBeNull();
        // An unclosed fence (the answer was cut): what is there, for the linter to refuse.
        Encoding.UTF8.GetString(PlanAnswer.FromMessage("```json\n{\"features\": [")!).ShouldBe("{\"features\": [");
    }
}
