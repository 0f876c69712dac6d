using Pace.Core.Specs;

namespace Pace.Core.Tests.Specs;

public sealed class SpecValidationTests
{
    [Fact]
    public void I_am_told_about_a_duplicate_id_and_where_it_was_first_used()
    {
        var error = SpecText.SingleError("""
            { "name": "s", "tasks": [
              { "id": "a", "title": "A" },
              { "id": "a", "title": "A again" }
            ] }
            """);

        error.ToString().ShouldBe("specs/demo.json:3:11: error: duplicate id \"a\" (first used at line 2, column 11)");
        error.Subject.ShouldBe("a");
    }

    [Fact]
    public void I_am_told_about_an_unknown_dependency_at_the_place_it_is_named()
    {
        var error = SpecText.SingleError("""
            { "name": "s", "tasks": [
              { "id": "a", "title": "A", "depends_on": ["b", "zz"] },
              { "id": "b", "title": "B" }
            ] }
            """);

        error.ToString().ShouldBe("specs/demo.json:2:50: error: task \"a\" depends on unknown task \"zz\"");
    }

    [Fact]
    public void I_am_told_that_a_task_depends_on_itself()
    {
        var error = SpecText.SingleError("""
            { "name": "s", "tasks": [
              { "id": "a", "title": "A", "depends_on": ["a"] }
            ] }
            """);

        error.ToString().ShouldBe("specs/demo.json:2:45: error: task \"a\" depends on itself");
    }

    [Fact]
    public void I_am_told_each_cycle_with_its_members_in_order()
    {
        var result = SpecText.Parse("""
            { "name": "s", "tasks": [
              { "id": "ok", "title": "fine" },
              { "id": "a", "title": "A", "depends_on": ["b"] },
              { "id": "b", "title": "B", "depends_on": ["c", "ok"] },
              { "id": "c", "title": "C", "depends_on": ["a"] },
              { "id": "x", "title": "X", "depends_on": ["y"] },
              { "id": "y", "title": "Y", "depends_on": ["x", "a"] }
            ] }
            """);

        result.Spec.ShouldBeNull();
        result.Errors.Select(e => e.ToString()).ShouldBe([
            "specs/demo.json:3:11: error: dependency cycle: a -> b -> c -> a (each task depends on the next)",
            "specs/demo.json:6:11: error: dependency cycle: x -> y -> x (each task depends on the next)",
        ]);
    }

    [Fact]
    public void I_am_told_the_shortest_cycle_when_several_run_through_the_same_tasks()
    {
        var result = SpecText.Parse("""
            { "name": "s", "tasks": [
              { "id": "a", "title": "A", "depends_on": ["b"] },
              { "id": "b", "title": "B", "depends_on": ["c", "a"] },
              { "id": "c", "title": "C", "depends_on": ["b"] }
            ] }
            """);

        result.Errors.ShouldHaveSingleItem().Message.ShouldBe("dependency cycle: a -> b -> a (each task depends on the next)");
    }

    [Fact]
    public void I_get_every_graph_problem_at_once()
    {
        var result = SpecText.Parse("""
            { "name": "s", "tasks": [
              { "id": "a", "title": "A", "depends_on": ["a", "nope"] },
              { "id": "a", "title": "A2" }
            ] }
            """);

        result.Errors.Select(e => e.Message).ShouldBe([
            "duplicate id \"a\" (first used at line 2, column 11)",
            "task \"a\" depends on itself",
            "task \"a\" depends on unknown task \"nope\"",
        ]);
    }

    [Fact]
    public void A_long_chain_of_dependencies_is_planned_without_running_out_of_stack()
    {
        var tasks = Enumerable.Range(0, 20_000)
            .Select(i => i == 0 ? """{ "id": "t0", "title": "t" }""" : $$"""{ "id": "t{{i}}", "title": "t", "depends_on": ["t{{i - 1}}"] }""");
        var spec = SpecText.Valid($$"""{ "name": "s", "tasks": [{{string.Join(",\n", tasks)}}] }""");

        spec.Waves.Count.ShouldBe(20_000);
        spec.Waves[^1].TaskIds.ShouldBe(["t19999"]);
    }
}
