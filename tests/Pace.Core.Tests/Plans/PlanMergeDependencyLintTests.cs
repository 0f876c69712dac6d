using System.Text;
using Pace.Core.Plans;

namespace Pace.Core.Tests.Plans;

/// <summary>The depends_on of a plan merged into a feature list or spec: its features or tasks count as known.</summary>
public sealed class PlanMergeDependencyLintTests
{
    private static readonly PlanLintOptions Merging = new()
    {
        ExistingIds = new HashSet<string> { "OLD-1", "OLD-2" },
        ExistingFile = "feature_list.json",
        Existing = Encoding.UTF8.GetBytes("""
            {"features": [
              {"id": "OLD-1", "category": "c", "priority": "high", "description": "Add the store", "steps": ["s"], "passes": true},
              {"id": "OLD-2", "category": "c", "priority": "high", "description": "Add the cart", "steps": ["s"], "passes": false, "depends_on": ["OLD-1"]}
            ]}
            """),
    };

    [Fact]
    public void A_plan_merged_into_a_list_may_depend_on_its_features_but_not_on_an_id_in_neither()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A", "category": "c", "priority": "high", "description": "Add the checkout", "steps": ["s"], "passes": false, "depends_on": ["OLD-2", "X"]}
            ]}
            """, options: Merging);

        errors.ShouldBe(["2:144: features[0] (\"A\") depends on unknown feature \"X\""]);
    }

    [Fact]
    public void A_cycle_or_a_self_dependency_of_a_merged_plan_is_named_once()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A", "category": "c", "priority": "high", "description": "Add the store", "steps": ["s"], "passes": false, "depends_on": ["B", "OLD-1"]},
              {"id": "B", "category": "c", "priority": "high", "description": "Add the cart", "steps": ["s"], "passes": false, "depends_on": ["A"]},
              {"id": "C", "category": "c", "priority": "high", "description": "Add the checkout", "steps": ["s"], "passes": false, "depends_on": ["C", "OLD-2"]}
            ]}
            """, options: Merging);

        errors.ShouldBe([
            "2:10: dependency cycle: A -> B -> A (each feature depends on the next)",
            "4:135: features[2] (\"C\") depends on itself",
        ]);
    }

    [Fact]
    public void Without_a_list_to_merge_into_a_dependency_on_its_ids_is_unknown()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A", "category": "c", "priority": "high", "description": "Add the checkout", "steps": ["s"], "passes": false, "depends_on": ["OLD-2"]}
            ]}
            """);

        errors.ShouldBe(["2:135: features[0] (\"A\") depends on unknown feature \"OLD-2\""]);
    }

    [Fact]
    public void A_spec_plan_merged_into_a_spec_may_depend_on_its_tasks_but_not_on_an_id_in_neither()
    {
        var options = new PlanLintOptions
        {
            ExistingIds = new HashSet<string> { "index" },
            Existing = Encoding.UTF8.GetBytes("""{"name": "s", "tasks": [{"id": "index", "title": "Build the index", "prompt": "p"}]}"""),
        };
        var errors = PlanLint.Errors("""
            {"name": "s", "tasks": [
              {"id": "search", "title": "Add the search command", "prompt": "p", "depends_on": ["index", "X"]},
              {"id": "rank", "title": "Add the ranking", "prompt": "p", "depends_on": ["rank"]}
            ]}
            """, PlanFormat.Spec, options);

        errors.ShouldBe([
            "2:94: task \"search\" depends on unknown task \"X\"",
            "3:76: task \"rank\" depends on itself",
        ]);
    }
}
