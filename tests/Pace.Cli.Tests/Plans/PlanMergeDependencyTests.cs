namespace Pace.Cli.Tests.Plans;

/// <summary>`depends_on` in a plan merged into an existing feature list or spec (docs/plan.md, Writing).</summary>
public sealed class PlanMergeDependencyTests
{
    // OLD-1 passes, OLD-2 does not.
    private const string Existing = """
        {
          "features": [
            {"id": "OLD-1", "category": "auth", "description": "User can log in", "priority": "high", "steps": ["form"], "passes": true},
            {"id": "OLD-2", "category": "auth", "description": "User can log out", "priority": "low", "steps": ["button"], "passes": false}
          ]
        }

        """;

    private static string Plan(string dependsOn) => $$"""
        {"features": [
          {"id": "NEW-1", "category": "cart", "priority": "critical", "description": "User can check out the cart",
           "steps": ["Add the checkout"], "passes": false, "depends_on": [{{dependsOn}}]}
        ]}
        """;

    [Fact]
    public async Task Merge_accepts_a_new_feature_that_depends_on_an_existing_one_and_pace_next_waits_for_it()
    {
        using var project = new PlanProject();
        project.Write("feature_list.json", Existing);
        project.Answer(1, Plan("\"OLD-2\""));

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--merge");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Sessions.ShouldBe(1);
        project.Read("feature_list.json").ShouldContain("\"depends_on\": [\"OLD-2\"]");
        (await project.RunAsync("validate")).ExitCode.ShouldBe(0);
        // NEW-1 is critical and OLD-2 low: only the dependency puts OLD-2 first.
        var next = await project.RunAsync("next");
        next.ExitCode.ShouldBe(0, next.ToString());
        next.Stdout.ShouldContain("Next: OLD-2");
        next.Stdout.ShouldContain("NEW-1 on OLD-2");
    }

    [Fact]
    public async Task Merge_with_a_dependency_on_an_id_in_neither_the_plan_nor_the_list_is_reported_at_its_line_and_column_and_writes_nothing()
    {
        using var project = new PlanProject();
        project.Write("feature_list.json", Existing);
        for (var n = 1; n <= 3; n++)
        {
            project.Answer(n, Plan("\"OLD-1\", \"GHOST-9\""));
        }

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--merge");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("answer-3.json:3:76: error: features[0] (\"NEW-1\") depends on unknown feature \"GHOST-9\"");
        run.Stderr.ShouldNotContain("unknown feature \"OLD-1\"");
        project.Read("feature_list.json").ShouldBe(Existing);
        project.Exists("feature_list.json.bak").ShouldBeFalse();
    }

    [Fact]
    public async Task Merge_of_a_plan_that_would_make_the_list_invalid_is_sent_back_and_writes_nothing()
    {
        using var project = new PlanProject();
        project.Write("feature_list.json", Existing);
        // A plain array is a usable plan by itself, but its features have no ids: the merged list would not be valid.
        var plain = """
            [
              {"category": "cart", "priority": "medium", "description": "User can add an item to the cart", "steps": ["Add the cart"], "passes": false}
            ]
            """;
        for (var n = 1; n <= 3; n++)
        {
            project.Answer(n, plain);
        }

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--merge");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("answer-1.json:1:1: error: merged into");
        project.Prompt(2).ShouldContain("merged into");
        project.Read("feature_list.json").ShouldBe(Existing);
        project.Exists("feature_list.json.bak").ShouldBeFalse();
    }

    [Fact]
    public async Task Merge_prompt_says_depends_on_may_name_the_features_of_the_existing_list()
    {
        using var project = new PlanProject();
        project.Write("feature_list.json", Existing);
        project.Answer(1, Plan("\"OLD-1\""));

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--merge");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Prompt(1).ShouldContain("`depends_on` may also name the features of the existing list: OLD-1, OLD-2");
    }

    [Fact]
    public async Task Spec_merge_accepts_a_task_that_depends_on_a_task_of_the_existing_spec()
    {
        using var project = new PlanProject();
        project.Write("specs/shop.json", """
            {"name": "shop", "tasks": [
              {"id": "index", "title": "Build the inverted index", "prompt": "Add src/Index.cs"}
            ]}
            """);
        project.Answer(1, """
            {"name": "shop", "tasks": [
              {"id": "search", "title": "Add the search command", "prompt": "Add src/Search.cs", "depends_on": ["index"]}
            ]}
            """);

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--spec", "shop", "--merge");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Read("specs/shop.json").ShouldContain("\"depends_on\": [\"index\"]");
        project.Prompt(1).ShouldContain("`depends_on` may also name the tasks of the existing spec: index");
    }

    [Fact]
    public async Task Agent_os_merge_accepts_a_task_that_depends_on_an_existing_task_and_not_one_in_neither()
    {
        using var project = new PlanProject();
        var tasks = project.Write(".agent-os/specs/2026-01-01-shop/tasks.json", """
            {"version": "4.0", "spec": "shop", "tasks": [
              {"id": "1", "type": "parent", "description": "Add the search index", "status": "pending", "depends_on": [],
               "subtasks": [{"id": "1.1", "type": "subtask", "description": "Write the index tests", "status": "pending"}]}
            ]}
            """);
        var existing = File.ReadAllText(tasks);
        var plan = """
            {"version": "4.0", "spec": "shop", "tasks": [
              {"id": "2", "type": "parent", "description": "Add the search command", "status": "pending", "depends_on": ["1", "9"],
               "subtasks": [{"id": "2.1", "type": "subtask", "description": "Write the search tests", "status": "pending"}]}
            ]}
            """;
        project.Answer(1, plan);
        project.Answer(2, plan.Replace(", \"9\"", "", StringComparison.Ordinal));

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--spec", "shop", "--format", "agent-os", "--merge");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("answer-1.json:2:115: error: task \"2\" depends on unknown task \"9\"");
        run.Stderr.ShouldNotContain("unknown task \"1\"");
        project.Sessions.ShouldBe(2);
        File.ReadAllText(tasks).ShouldStartWith(existing.TrimEnd()[..^3]);
        File.ReadAllText(tasks).ShouldContain("\"depends_on\": [\"1\"]");
    }
}
