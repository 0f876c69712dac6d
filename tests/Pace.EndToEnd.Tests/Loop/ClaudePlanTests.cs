using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>`pace plan` with the real Claude Code against the scripted model: the model writes the plan with the Bash tool to the file Pace names.</summary>
public sealed class ClaudePlanTests(AgentClis clis)
{
    private const string GoodPlan = """
        {"features": [
          {"id": "SHOP-001", "category": "auth", "priority": "high", "description": "User can log in", "steps": ["Add login.sh", "Test it"], "passes": false, "verify": "test -f login.sh"},
          {"id": "SHOP-002", "category": "cart", "priority": "medium", "description": "User can add an item to the cart", "steps": ["Add cart.sh"], "passes": false, "depends_on": ["SHOP-001"]}
        ]}
        """;

    private const string CycleAndDuplicate = """
        {"features": [
          {"id": "SHOP-001", "category": "auth", "priority": "high", "description": "User can log in", "steps": ["s"], "passes": false, "depends_on": ["SHOP-002"]},
          {"id": "SHOP-002", "category": "cart", "priority": "medium", "description": "User can add an item to the cart", "steps": ["s"], "passes": false, "depends_on": ["SHOP-001"]},
          {"id": "SHOP-002", "category": "cart", "priority": "medium", "description": "User can check out", "steps": ["s"], "passes": false}
        ]}
        """;

    private const string Existing = """
        {
          "features": [
            {"id": "OLD-1", "category": "auth", "description": "User can log out",  "priority": "low", "steps": ["button"], "passes": true, "owner": "ana"}
          ],
          "metadata": {"project_name": "shop", "total_features": 1, "passing": 1, "failing": 0, "last_updated": "2026-01-01T00:00:00.000Z"}
        }

        """;

    [Fact(Timeout = 180_000)]
    public async Task Claude_Code_writes_a_good_plan_and_Pace_accepts_it()
    {
        await using var project = await CreateAsync("SCRIPT-PLAN-GOOD");
        project.Script("SCRIPT-PLAN-GOOD", Writes(GoodPlan), new Say("The plan is written."));

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--output", "planned.json");

        run.ExitCode.ShouldBe(0, run.ToString());
        project.Read("planned.json").ShouldBe(GoodPlan + "\n");
    }

    [Fact(Timeout = 180_000)]
    public async Task A_plan_with_a_cycle_and_a_duplicate_id_goes_back_to_Claude_Code_and_the_second_answer_is_written()
    {
        await using var project = await CreateAsync("no marker here");
        // The first prompt names answer-1.json at a line's end; the retry names it mid-line and answer-2.json at the end.
        project.Script("answer-1.json\\n", Writes(CycleAndDuplicate), new Say("Done."));
        project.Script("answer-2.json\\n", Writes(GoodPlan), new Say("Fixed."));

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--output", "planned.json");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldContain("error: dependency cycle: SHOP-001 -> SHOP-002 -> SHOP-001");
        run.Stderr.ShouldContain("error: duplicate id \"SHOP-002\"");
        run.Stderr.ShouldContain("2 problems in answer 1; sent back to the agent");
        project.Read("planned.json").ShouldBe(GoodPlan + "\n");
    }

    [Fact(Timeout = 180_000)]
    public async Task A_truncated_answer_from_Claude_Code_is_refused_and_nothing_is_written()
    {
        await using var project = await CreateAsync("SCRIPT-PLAN-CUT");
        project.Script("SCRIPT-PLAN-CUT", Writes(GoodPlan[..(GoodPlan.Length / 2)]), new Say("The plan is written."));

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--output", "planned.json");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stderr.ShouldContain("the answer is cut short or is not JSON; no part of it is used; nothing was written");
        project.Exists("planned.json").ShouldBeFalse();
    }

    [Fact(Timeout = 180_000)]
    public async Task Merge_keeps_every_existing_byte_but_the_counts()
    {
        await using var project = await CreateAsync("SCRIPT-PLAN-MERGE");
        project.Write("feature_list.json", Existing);
        project.Script("SCRIPT-PLAN-MERGE", Writes(GoodPlan), new Say("The plan is written."));

        var run = await project.RunAsync("plan", "DESCRIPTION.md", "--merge");

        run.ExitCode.ShouldBe(0, run.ToString());
        var merged = project.Read("feature_list.json");
        var updated = merged[merged.IndexOf("\"last_updated\": \"", StringComparison.Ordinal)..][..42];
        merged.ShouldBe($$"""
            {
              "features": [
                {"id": "OLD-1", "category": "auth", "description": "User can log out",  "priority": "low", "steps": ["button"], "passes": true, "owner": "ana"},
                {"id": "SHOP-001", "category": "auth", "priority": "high", "description": "User can log in", "steps": ["Add login.sh", "Test it"], "passes": false, "verify": "test -f login.sh"},
                {"id": "SHOP-002", "category": "cart", "priority": "medium", "description": "User can add an item to the cart", "steps": ["Add cart.sh"], "passes": false, "depends_on": ["SHOP-001"]}
              ],
              "metadata": {"project_name": "shop", "total_features": 3, "passing": 1, "failing": 2, {{updated}}}
            }

            """);
        project.Read("feature_list.json.bak").ShouldBe(Existing);
    }

    private async Task<PaceProject> CreateAsync(string marker)
    {
        var project = await PaceProject.CreateAsync(clis, []);
        project.Write("DESCRIPTION.md", $"# Shop\n\nA small shop: people log in and fill a cart. ({marker})\n");
        return project;
    }

    /// <summary>The model writes the plan with its Bash tool to the file Pace names in PACE_PLAN_FILE.</summary>
    private static RunShell Writes(string json) => new($"cat > \"$PACE_PLAN_FILE\" <<'PLAN'\n{json}\nPLAN");
}
