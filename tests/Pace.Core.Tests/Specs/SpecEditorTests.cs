using System.Text;
using Pace.Core.Specs;

namespace Pace.Core.Tests.Specs;

public sealed class SpecEditorTests
{
    [Fact]
    public void Writing_statuses_back_changes_only_the_status_values()
    {
        const string before = """
            {
              "version": "4.0", "spec": "api", "custom": { "keep": [1, 2] },
              "tasks": [
                { "id": "db", "description": "Schema", "status": "pending", "notes": "ünïcode" },
                { "id": "auth", "description": "Auth", "status": "in_progress", "depends_on": ["db"] }
              ]
            }
            """;
        var spec = SpecText.Valid(before);

        var after = SpecEditor.SetStatus(spec, new Dictionary<string, SpecTaskStatus> { ["db"] = SpecTaskStatus.Pass, ["auth"] = SpecTaskStatus.Blocked });

        Encoding.UTF8.GetString(after).ShouldBe(before.Replace("\"pending\"", "\"pass\"").Replace("\"in_progress\"", "\"blocked\""));
        SpecParser.Parse(spec.Path, after).Spec!.Tasks.Select(t => t.Status).ShouldBe([SpecTaskStatus.Pass, SpecTaskStatus.Blocked]);
    }

    [Fact]
    public void A_task_without_a_status_gets_one_in_the_layout_of_its_object()
    {
        const string before = "{ \"version\": \"4.0\", \"spec\": \"api\", \"tasks\": [\n  {\n    \"id\": \"db\",\n    \"description\": \"Schema\"\n  },\n  { \"id\": \"x\", \"description\": \"X\" }\n] }";
        var spec = SpecText.Valid(before);

        var after = SpecEditor.SetStatus(spec, new Dictionary<string, SpecTaskStatus> { ["db"] = SpecTaskStatus.Pass, ["x"] = SpecTaskStatus.Skipped });

        Encoding.UTF8.GetString(after).ShouldBe("{ \"version\": \"4.0\", \"spec\": \"api\", \"tasks\": [\n  {\n    \"id\": \"db\",\n    \"description\": \"Schema\",\n    \"status\": \"pass\"\n  },\n  { \"id\": \"x\", \"description\": \"X\", \"status\": \"skipped\" }\n] }");
    }

    [Fact]
    public void A_subtask_status_can_be_written_back()
    {
        const string before = """
            { "version": "3.0", "spec": "s", "tasks": [
              { "id": "1", "type": "parent", "description": "P", "status": "pending", "subtasks": ["1.1"] },
              { "id": "1.1", "type": "subtask", "parent": "1", "description": "S", "status": "pending" }
            ], "execution_strategy": { "waves": [ { "wave_id": 1, "tasks": ["1"] } ] } }
            """;
        var spec = SpecText.Valid(before);

        var after = SpecEditor.SetStatus(spec, new Dictionary<string, SpecTaskStatus> { ["1"] = SpecTaskStatus.Pass, ["1.1"] = SpecTaskStatus.Pass });

        var reread = SpecParser.Parse(spec.Path, after).Spec!;
        reread.Tasks.ShouldHaveSingleItem().Status.ShouldBe(SpecTaskStatus.Pass);
        reread.Tasks[0].Subtasks.ShouldHaveSingleItem().Status.ShouldBe(SpecTaskStatus.Pass);
        reread.CurrentWave.ShouldBeNull();
    }

    [Fact]
    public void Writing_the_status_of_an_unknown_task_is_a_bug()
    {
        var spec = SpecText.Valid("""{ "name": "s", "tasks": [ { "id": "a", "title": "A" } ] }""");

        Should.Throw<ArgumentException>(() => SpecEditor.SetStatus(spec, new Dictionary<string, SpecTaskStatus> { ["b"] = SpecTaskStatus.Pass }));
    }

    [Fact]
    public void A_spec_without_a_name_is_named_after_its_dated_folder()
    {
        var result = SpecText.Parse("""{ "version": "4.0", "tasks": [ { "id": "a", "description": "A" } ] }""", ".agent-os/specs/2025-01-31-frontend-ui/tasks.json");

        result.Spec!.Name.ShouldBe("frontend-ui");
        result.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("\"frontend-ui\"");
    }
}
