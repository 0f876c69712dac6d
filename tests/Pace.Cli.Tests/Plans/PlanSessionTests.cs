namespace Pace.Cli.Tests.Plans;

public sealed class PlanSessionTests
{
    private const string GoodPlan = """
        {"features": [
          {"id": "SHOP-001", "category": "auth", "priority": "high", "description": "User can log in", "steps": ["Add the login form", "Test a good and a bad password"], "passes": false, "verify": "test -f login.txt"},
          {"id": "SHOP-002", "category": "cart", "priority": "medium", "description": "User can add an item to the cart", "steps": ["Add the cart"], "passes": false, "depends_on": ["SHOP-001"]}
        ]}

        """;

    private const string CycleAndDuplicate = """
        {"features": [
          {"id": "SHOP-001", "category": "auth", "priority": "high", "description": "User can log in", "steps": ["s"], "passes": false, "depends_on": ["SHOP-002"]},
          {"id": "SHOP-002", "category": "cart", "priority": "medium", "description": "User can add an item to the cart", "steps": ["s"], "passes": false, "depends_on": ["SHOP-001"]},
          {"id": "SHOP-002", "category": "cart", "priority": "medium", "description": "User can check out", "steps": ["s"], "passes": false}
        ]}
        """;

    [Fact]
    public async Task A_good_plan_is_linted_and_written_to_a_new_feature_list()
    {
        using var project = new PlanProject();
        project.Answer(1, GoodPlan);

        var run = await project.RunAsync("plan", "DESCRIPTION.md");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Read("feature_list.json").ShouldBe(GoodPlan);
        run.Stdout.ShouldContain("wrote the plan to");
        project.Sessions.ShouldBe(1);
        project.Prompt(1).ShouldContain("A small shop: people log in, fill a cart and check out.");
        project.Prompt(1).ShouldContain("## Format: a feature list (PACE format)");
        project.Exists("feature_list.json.bak").ShouldBeFalse();
    }

    [Fact]
    public async Task A_plan_with_a_cycle_and_a_duplicate_id_is_sent_back_and_the_fixed_second_answer_is_written()
    {
        using var project = new PlanProject();
        project.Answer(1, CycleAndDuplicate);
        project.Answer(2, GoodPlan);

        var run = await project.RunAsync("plan", "DESCRIPTION.md");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Sessions.ShouldBe(2);
        run.Stderr.ShouldContain("answer-1.json:2:10: error: dependency cycle: SHOP-001 -> SHOP-002 -> SHOP-001");
        run.Stderr.ShouldContain("answer-1.json:4:10: error: duplicate id \"SHOP-002\"");
        run.Stderr.ShouldContain("pace plan: 2 problems in answer 1; sent back to the agent");
        var retry = project.Prompt(2);
        retry.ShouldContain("## Problems Pace found in your previous plan");
        retry.ShouldContain("- line 2, column 10: dependency cycle: SHOP-001 -> SHOP-002 -> SHOP-001 (each feature depends on the next)");
        retry.ShouldContain("- line 4, column 10: duplicate id \"SHOP-002\" (first used at line 3, column 10)");
        project.Read("feature_list.json").ShouldBe(GoodPlan);
    }

    [Fact]
    public async Task A_truncated_answer_is_refused_and_nothing_is_written()
    {
        using var project = new PlanProject();
        project.Answer(1, GoodPlan[..(GoodPlan.Length / 2)]);
        project.Answer(2, GoodPlan);

        var run = await project.RunAsync("plan", "DESCRIPTION.md");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("error: invalid JSON");
        run.Stderr.ShouldContain("pace plan: the answer is cut short or is not JSON; no part of it is used; nothing was written");
        project.Sessions.ShouldBe(1);
        project.Exists("feature_list.json").ShouldBeFalse();
    }

    [Fact]
    public async Task A_plan_still_wrong_after_three_answers_is_listed_and_nothing_is_written()
    {
        using var project = new PlanProject();
        for (var n = 1; n <= 3; n++)
        {
            project.Answer(n, CycleAndDuplicate);
        }

        var run = await project.RunAsync("plan", "DESCRIPTION.md");

        run.ExitCode.ShouldBe(1, run.ToString());
        project.Sessions.ShouldBe(3);
        run.Stderr.ShouldContain("answer-3.json:2:10: error: dependency cycle");
        run.Stderr.ShouldContain("pace plan: the plan still has 2 problems after 3 answers (listed above); nothing was written");
        project.Exists("feature_list.json").ShouldBeFalse();
    }

    [Fact]
    public async Task An_existing_feature_list_is_not_overwritten_without_merge_and_no_agent_runs()
    {
        using var project = new PlanProject();
        project.Write("feature_list.json", """{"features": []}""");
        project.Answer(1, GoodPlan);

        var run = await project.RunAsync("plan", "DESCRIPTION.md");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("exists and Pace does not overwrite it: add --merge");
        project.Sessions.ShouldBe(0);
        project.Read("feature_list.json").ShouldBe("""{"features": []}""");
    }

    [Fact]
    public async Task A_spec_is_planned_into_specs_NAME_json_with_the_spec_option()
    {
        using var project = new PlanProject();
        const string spec = """
            {"name": "shop", "tasks": [
              {"id": "login", "title": "Add the login form", "prompt": "Add login.html and its test"},
              {"id": "cart", "title": "Add the cart", "prompt": "Add cart.html and its test", "depends_on": ["login"]}
            ]}
            """;
        project.Answer(1, spec);

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--spec", "shop");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Read("specs/shop.json").ShouldBe(spec);
        project.Prompt(1).ShouldContain("## Format: a Pace spec");
    }
}
