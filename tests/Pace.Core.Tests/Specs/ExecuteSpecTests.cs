using Pace.Core.Diagnostics;
using Pace.Core.Specs;

namespace Pace.Core.Tests.Specs;

public sealed class ExecuteSpecTests
{
    private const string V3 = """
        {
          "version": "3.0",
          "spec": "frontend-ui",
          "tasks": [
            { "id": "1", "type": "parent", "description": "Set up the layout", "status": "pass", "subtasks": ["1.1", "1.2"],
              "parallelization": { "wave": 1, "blocked_by": [], "blocks": ["2"], "shared_files": [] }, "attempts": 1 },
            { "id": "1.1", "type": "subtask", "parent": "1", "description": "Write the grid", "status": "pass" },
            { "id": "1.2", "type": "subtask", "parent": "1", "description": "Write the header", "status": "pass" },
            { "id": "2", "type": "parent", "description": "Add the forms", "status": "pending", "subtasks": [],
              "parallelization": { "wave": 2, "blocked_by": ["1"] } },
            { "id": "3", "type": "parent", "description": "Add the charts", "parallelization": { "wave": 2, "blocked_by": ["1.2"] } }
          ],
          "execution_strategy": { "mode": "parallel_waves", "max_concurrent_workers": 2,
            "waves": [ { "wave_id": 1, "tasks": ["1"], "rationale": "foundation" },
                       { "wave_id": 2, "tasks": ["2", "3"], "rationale": "independent screens" } ] },
          "summary": { "total_tasks": 3 }
        }
        """;

    [Fact]
    public void I_can_read_a_v3_file_where_parents_are_the_units_of_work()
    {
        var spec = SpecText.Valid(V3, ".agent-os/specs/2025-01-31-frontend-ui/tasks.json");

        spec.Format.ShouldBe(SpecFormat.ExecuteSpecV3);
        spec.Name.ShouldBe("frontend-ui");
        spec.Tasks.Select(t => t.Id).ShouldBe(["1", "2", "3"]);
        var layout = spec.Find("1")!;
        layout.Status.ShouldBe(SpecTaskStatus.Pass);
        layout.Subtasks.Select(s => (s.Id, s.Description)).ShouldBe([("1.1", "Write the grid"), ("1.2", "Write the header")]);
        layout.Prompt.ShouldBe("Set up the layout");
        spec.Find("1.1").ShouldBeNull();
        spec.Find("3")!.DependsOn.ShouldBe(["1"]);
    }

    [Fact]
    public void A_tasks_artifacts_test_files_and_its_subtasks_become_the_test_files_its_proof_is_made_with()
    {
        var spec = SpecText.Valid(V3
            .Replace("\"subtasks\": [\"1.1\", \"1.2\"],", "\"subtasks\": [\"1.1\", \"1.2\"], \"artifacts\": { \"test_files\": [\"tests/layout.test\"], \"files\": [\"layout.css\"] },", StringComparison.Ordinal)
            .Replace("\"description\": \"Write the grid\",", "\"description\": \"Write the grid\", \"artifacts\": { \"test_files\": [\"./tests/grid.test\", \"tests/layout.test\"] },", StringComparison.Ordinal));

        spec.Find("1")!.TestFiles.ShouldBe(["tests/layout.test", "tests/grid.test"]);
        spec.Find("2")!.TestFiles.ShouldBeEmpty();
    }

    [Fact]
    public void A_test_file_outside_the_repository_is_refused_with_where_it_is()
    {
        var result = SpecText.Parse(V3.Replace("\"subtasks\": [\"1.1\", \"1.2\"],", "\"subtasks\": [\"1.1\", \"1.2\"], \"artifacts\": { \"test_files\": [\"../elsewhere.test\"] },", StringComparison.Ordinal));

        result.Errors.Select(e => e.ToString()).ShouldContain(e => e.Contains("artifacts.test_files must name files inside the repository; found \"../elsewhere.test\"", StringComparison.Ordinal));
    }

    [Fact]
    public void I_get_v3_waves_as_the_file_lists_them_with_their_rationale()
    {
        var spec = SpecText.Valid(V3);

        spec.WaveIds().ShouldBe([["1"], ["2", "3"]]);
        spec.Waves.Select(w => w.Rationale).ShouldBe(["foundation", "independent screens"]);
        spec.CurrentWave!.Number.ShouldBe(2);
    }

    [Fact]
    public void I_am_told_about_a_wave_listing_an_unknown_task_and_a_task_in_no_wave()
    {
        var result = SpecText.Parse(V3.Replace("""["2", "3"]""", """["2", "9"]"""));

        result.Errors.Select(e => e.ToString()).ShouldBe([
            "specs/demo.json:15:47: error: execution_strategy.waves[1] lists unknown task \"9\"",
            "specs/demo.json:11:13: error: task \"3\" is in no wave of execution_strategy.waves",
        ]);
    }

    [Fact]
    public void I_am_told_when_a_task_is_in_two_waves_or_waits_for_a_later_one()
    {
        var result = SpecText.Parse(V3.Replace("""["1"], "rationale": "foundation" """, """["1", "3"], "rationale": "foundation" """));

        result.Errors.Select(e => e.Message).ShouldBe([
            "task \"3\" is in wave 1 and again in wave 2; a task runs in one wave",
            "task \"3\" (wave 1) depends on \"1\", which runs in wave 1; a dependency must run in an earlier wave",
        ]);
    }

    [Fact]
    public void I_am_told_about_a_subtask_whose_parent_does_not_exist()
    {
        var error = SpecText.SingleError(V3.Replace("\"parent\": \"1\", \"description\": \"Write the grid\"", "\"parent\": \"7\", \"description\": \"Write the grid\""));

        error.ToString().ShouldBe("specs/demo.json:7:49: error: subtask \"1.1\" names an unknown parent \"7\"");
    }

    [Fact]
    public void I_am_told_about_a_status_outside_the_five_values()
    {
        var error = SpecText.SingleError(V3.Replace("\"status\": \"pending\"", "\"status\": \"done\""));

        error.Message.ShouldBe("tasks[3] (\"2\"): \"status\" must be one of pending, in_progress, pass, blocked, skipped; found \"done\"");
        (error.Line, error.Column).ShouldBe((9, 78));
    }

    [Fact]
    public void I_can_read_a_v4_file_whose_waves_are_the_levels_of_depends_on()
    {
        var spec = SpecText.Valid("""
            { "version": "4.0", "spec": "api", "tasks": [
              { "id": "db", "description": "Schema", "status": "pass", "depends_on": [] },
              { "id": "auth", "description": "Auth", "depends_on": ["db"] },
              { "id": "docs", "description": "Docs" },
              { "id": "routes", "description": "Routes", "status": "in_progress", "depends_on": ["auth", "db"] }
            ] }
            """);

        spec.Format.ShouldBe(SpecFormat.ExecuteSpecV4);
        spec.WaveIds().ShouldBe([["db", "docs"], ["auth"], ["routes"]]);
        spec.Find("routes")!.Status.ShouldBe(SpecTaskStatus.InProgress);
        spec.CurrentWave!.Number.ShouldBe(1);
    }

    [Fact]
    public void I_am_told_a_v4_cycle_with_its_members()
    {
        var error = SpecText.SingleError("""
            { "version": "4.0", "spec": "api", "tasks": [
              { "id": "1", "description": "one", "depends_on": ["2"] },
              { "id": "2", "description": "two", "depends_on": ["1"] }
            ] }
            """);

        error.ToString().ShouldBe("specs/demo.json:2:11: error: dependency cycle: 1 -> 2 -> 1 (each task depends on the next)");
    }

    [Fact]
    public void A_v3_file_without_waves_is_planned_from_blocked_by_with_a_warning()
    {
        var start = V3.IndexOf("\"execution_strategy\"", StringComparison.Ordinal);
        var end = V3.IndexOf("\"summary\"", StringComparison.Ordinal);
        var result = SpecText.Parse(V3[..start] + V3[end..]);

        result.Spec!.WaveIds().ShouldBe([["1"], ["2", "3"]]);
        result.Diagnostics.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void I_am_told_which_versions_Pace_reads()
    {
        var error = SpecText.SingleError("""{ "version": "2.1", "tasks": [] }""");

        error.ToString().ShouldBe("specs/demo.json:1:14: error: unsupported tasks.json version \"2.1\"; Pace reads \"3.x\" and \"4.x\" (and its own format, which has no \"version\")");
    }
}
