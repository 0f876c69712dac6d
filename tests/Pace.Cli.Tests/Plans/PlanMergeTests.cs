namespace Pace.Cli.Tests.Plans;

public sealed class PlanMergeTests
{
    // Odd spacing, a feature already passing, fields Pace does not know: all of it must survive.
    private const string Existing = """
        {
            "features": [
                {"id": "OLD-1", "category": "auth", "description": "User can log in",  "priority": "high", "steps": ["form"], "passes": true, "owner": "ana"},
                {"id": "OLD-2", "category": "auth", "description": "User can log out", "priority": "low",  "steps": ["button"], "passes": false}
            ],
            "metadata": {"project_name": "shop", "total_features": 2, "passing": 1, "failing": 1, "last_updated": "2026-01-01T00:00:00.000Z", "note": "kept"}
        }

        """;

    private const string Plan = """
        {"features": [
          {"id": "NEW-1", "category": "cart", "priority": "medium", "description": "User can add an item to the cart",
           "steps": ["Add the cart"], "passes": false}
        ]}
        """;

    [Fact]
    public async Task Merge_appends_the_new_features_and_keeps_every_existing_byte_but_the_counts()
    {
        using var project = new PlanProject();
        project.Write("feature_list.json", Existing);
        project.Answer(1, Plan);

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--merge");

        run.ExitCode.ShouldBe(0, run.ToString());
        var merged = project.Read("feature_list.json");
        var updated = merged[merged.IndexOf("\"last_updated\": \"", StringComparison.Ordinal)..][..42];
        merged.ShouldBe($$"""
            {
                "features": [
                    {"id": "OLD-1", "category": "auth", "description": "User can log in",  "priority": "high", "steps": ["form"], "passes": true, "owner": "ana"},
                    {"id": "OLD-2", "category": "auth", "description": "User can log out", "priority": "low",  "steps": ["button"], "passes": false},
                    {"id": "NEW-1", "category": "cart", "priority": "medium", "description": "User can add an item to the cart",
                     "steps": ["Add the cart"], "passes": false}
                ],
                "metadata": {"project_name": "shop", "total_features": 3, "passing": 1, "failing": 2, {{updated}}, "note": "kept"}
            }

            """);
        project.Read("feature_list.json.bak").ShouldBe(Existing);
        project.Prompt(1).ShouldContain("do not use these ids again: OLD-1, OLD-2");
    }

    [Fact]
    public async Task Merge_with_an_id_already_in_the_list_is_sent_back_and_a_plan_that_keeps_it_writes_nothing()
    {
        using var project = new PlanProject();
        project.Write("feature_list.json", Existing);
        var conflicting = Plan.Replace("NEW-1", "OLD-2", StringComparison.Ordinal);
        for (var n = 1; n <= 3; n++)
        {
            project.Answer(n, conflicting);
        }

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--merge");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("id \"OLD-2\" is already used in");
        project.Read("feature_list.json").ShouldBe(Existing);
        project.Exists("feature_list.json.bak").ShouldBeFalse();
    }
}
