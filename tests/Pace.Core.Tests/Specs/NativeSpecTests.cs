using Pace.Core.Diagnostics;
using Pace.Core.Specs;

namespace Pace.Core.Tests.Specs;

public sealed class NativeSpecTests
{
    [Fact]
    public void I_can_read_a_native_spec_and_its_tasks()
    {
        var spec = SpecText.Valid("""
            {
              "name": "search",
              "base_branch": "develop",
              "tasks": [
                { "id": "index", "title": "Build the index", "prompt": "Write an inverted index.", "checks": ["dotnet test"] },
                { "id": "query", "title": "Answer queries", "depends_on": ["index"] }
              ]
            }
            """);

        spec.Format.ShouldBe(SpecFormat.Native);
        spec.Name.ShouldBe("search");
        spec.BaseBranch.ShouldBe("develop");
        spec.Tasks.Select(t => t.Id).ShouldBe(["index", "query"]);
        spec.Tasks[0].Prompt.ShouldBe("Write an inverted index.");
        spec.Tasks[0].Checks.ShouldBe(["dotnet test"]);
        spec.Tasks[1].Prompt.ShouldBe("Answer queries");
        spec.Tasks[1].DependsOn.ShouldBe(["index"]);
        spec.Tasks.ShouldAllBe(t => t.Status == SpecTaskStatus.Pending);
        spec.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void I_get_waves_as_the_levels_of_the_dependencies_in_file_order_within_a_level()
    {
        var spec = SpecText.Valid("""
            { "name": "s", "tasks": [
              { "id": "e", "title": "E", "depends_on": ["c", "a"] },
              { "id": "d", "title": "D" },
              { "id": "c", "title": "C", "depends_on": ["d"] },
              { "id": "b", "title": "B", "depends_on": ["d"] },
              { "id": "a", "title": "A" }
            ] }
            """);

        spec.WaveIds().ShouldBe([["d", "a"], ["c", "b"], ["e"]]);
        spec.Waves.Select(w => w.Number).ShouldBe([1, 2, 3]);
        spec.Find("e")!.Wave.ShouldBe(3);
        spec.TasksOf(2).Select(t => t.Title).ShouldBe(["C", "B"]);
    }

    [Fact]
    public void I_am_warned_about_a_misspelt_key_with_its_position()
    {
        var result = SpecText.Parse("""
            { "name": "s", "tasks": [
              { "id": "a", "title": "A", "dependson": ["b"] }
            ] }
            """);

        result.IsValid.ShouldBeTrue();
        var warning = result.Diagnostics.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(Severity.Warning);
        (warning.Line, warning.Column).ShouldBe((2, 30));
        warning.Message.ShouldContain("unknown key \"dependson\"");
    }

    [Fact]
    public void I_am_told_every_missing_or_mistyped_field_with_its_place()
    {
        var result = SpecText.Parse("""
            { "tasks": [
              { "id": "a" },
              { "title": "B" },
              { "id": "c", "title": "C", "depends_on": "a", "checks": [1] }
            ] }
            """);

        result.Spec.ShouldBeNull();
        result.Errors.Select(e => e.ToString()).ShouldBe([
            "specs/demo.json:1:1: error: spec: missing required field \"name\"",
            "specs/demo.json:2:3: error: tasks[0] (\"a\"): missing required field \"title\"",
            "specs/demo.json:3:3: error: tasks[1]: missing required field \"id\"",
            "specs/demo.json:4:44: error: tasks[2] (\"c\"): \"depends_on\" must be an array of task ids; found a string",
            "specs/demo.json:4:60: error: tasks[2] (\"c\"): \"checks\" must hold only non-empty strings; found a number",
        ]);
    }

    [Fact]
    public void I_am_told_where_the_JSON_is_broken()
    {
        var error = SpecText.SingleError("{ \"name\": \"s\",\n  \"tasks\": [ { \"id\": \"a\" \"title\": \"A\" } ] }");

        (error.Line, error.Column).ShouldBe((2, 26));
        error.Message.ShouldStartWith("invalid JSON:");
    }

    [Fact]
    public void I_cannot_run_a_spec_without_tasks()
    {
        var error = SpecText.SingleError("""{ "name": "s", "tasks": [] }""");

        error.Message.ShouldContain("\"tasks\" is empty");
        (error.Line, error.Column).ShouldBe((1, 25));
    }
}
