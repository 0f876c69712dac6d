using Pace.Core.Plans;

namespace Pace.Core.Tests.Plans;

/// <summary>Hand-made bad plans, one defect each (or a few), every problem named with its line and column.</summary>
public sealed class BadPlanCorpusTests
{
    [Fact]
    public void A_truncated_plan_is_invalid_json_at_its_end_and_nothing_else()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A-1", "category": "core", "priority": "high", "description": "Add a login form",
               "steps": ["Add the form"], "pas
            """);

        errors.ShouldHaveSingleItem().ShouldStartWith("3:35: invalid JSON: the file ends inside a string");
    }

    [Fact]
    public void A_duplicate_id_is_named_at_the_second_use()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A-1", "category": "core", "priority": "high", "description": "Add a login form", "steps": ["Add it"], "passes": false},
              {"id": "A-1", "category": "core", "priority": "high", "description": "Add a logout button", "steps": ["Add it"], "passes": false}
            ]}
            """);

        errors.ShouldHaveSingleItem().ShouldBe("3:10: duplicate id \"A-1\" (first used at line 2, column 10)");
    }

    [Fact]
    public void A_dependency_cycle_between_features_is_named_member_by_member()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A", "category": "c", "priority": "high", "description": "Add the store", "steps": ["s"], "passes": false, "depends_on": ["C"]},
              {"id": "B", "category": "c", "priority": "high", "description": "Add the cart", "steps": ["s"], "passes": false, "depends_on": ["A"]},
              {"id": "C", "category": "c", "priority": "high", "description": "Add the checkout", "steps": ["s"], "passes": false, "depends_on": ["B", "X"]}
            ]}
            """);

        errors.ShouldBe([
            "2:10: dependency cycle: A -> C -> B -> A (each feature depends on the next)",
            "4:140: features[2] (\"C\") depends on unknown feature \"X\"",
        ]);
    }

    [Fact]
    public void A_dependency_cycle_in_a_spec_is_named_by_the_spec_parser()
    {
        var errors = PlanLint.Errors("""
            {"name": "shop", "tasks": [
              {"id": "a", "title": "Add the store", "prompt": "p", "depends_on": ["b"]},
              {"id": "b", "title": "Add the cart", "prompt": "p", "depends_on": ["a"]}
            ]}
            """, PlanFormat.Spec);

        errors.ShouldHaveSingleItem().ShouldBe("2:10: dependency cycle: a -> b -> a (each task depends on the next)");
    }

    [Fact]
    public void Items_without_steps_or_description_are_named()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A-1", "category": "core", "priority": "high", "description": "Add a login form", "passes": false},
              {"id": "A-2", "category": "core", "priority": "high", "description": "", "steps": ["Add it"], "passes": false},
              {"id": "A-3", "category": "core", "priority": "high", "description": "Add a logout button", "steps": [" "], "passes": false}
            ]}
            """);

        errors.Count.ShouldBe(3);
        errors[0].ShouldBe("2:3: features[0] (\"A-1\") has no steps (\"steps\"): say how to build it and how to see that it works");
        errors[1].ShouldStartWith("3:72: ");
        errors[1].ShouldContain("description");
        errors[2].ShouldStartWith("4:3: features[2] (\"A-3\") has no steps");
    }

    [Fact]
    public void Headings_personas_and_bare_nouns_are_flagged_as_not_work()
    {
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "H-1", "category": "c", "priority": "high", "description": "## Goals", "steps": ["s"], "passes": false},
              {"id": "H-2", "category": "c", "priority": "high", "description": "Overview", "steps": ["s"], "passes": false},
              {"id": "P-1", "category": "c", "priority": "high", "description": "As a busy parent", "steps": ["s"], "passes": false},
              {"id": "P-2", "category": "c", "priority": "high", "description": "Persona: Sam, who shops on the train", "steps": ["s"], "passes": false},
              {"id": "N-1", "category": "c", "priority": "high", "description": "Shopping cart", "steps": ["s"], "passes": false},
              {"id": "W-1", "category": "c", "priority": "high", "description": "User can log out", "steps": ["s"], "passes": false},
              {"id": "W-2", "category": "c", "priority": "high", "description": "Add a logout button", "steps": ["s"], "passes": false},
              {"id": "W-3", "category": "c", "priority": "high", "description": "The cart shows its total", "steps": ["s"], "passes": false}
            ]}
            """);

        errors.ShouldBe([
            "2:69: features[0] (\"H-1\"): \"## Goals\" looks like a heading, not work; describe a piece of work (\"Add ...\", \"User can ...\") or leave it out",
            "3:69: features[1] (\"H-2\"): \"Overview\" looks like a heading, not work; describe a piece of work (\"Add ...\", \"User can ...\") or leave it out",
            "4:69: features[2] (\"P-1\"): \"As a busy parent\" looks like a persona, not work; describe a piece of work (\"Add ...\", \"User can ...\") or leave it out",
            "5:69: features[3] (\"P-2\"): \"Persona: Sam, who shops on the train\" looks like a persona, not work; describe a piece of work (\"Add ...\", \"User can ...\") or leave it out",
            "6:69: features[4] (\"N-1\"): \"Shopping cart\" has no verb: it names something rather than saying what to build; describe a piece of work (\"Add ...\", \"User can ...\") or leave it out",
        ]);
    }

    [Fact]
    public void Items_above_the_size_bound_are_flagged()
    {
        var steps = string.Join(", ", Enumerable.Range(1, 13).Select(i => $"\"step {i}\""));
        var errors = PlanLint.Errors($$"""
            {"features": [
              {"id": "BIG", "category": "c", "priority": "high", "description": "Add {{new string('x', 700)}}", "steps": [{{steps}}], "passes": false}
            ]}
            """);

        errors.ShouldBe([
            "2:3: features[0] (\"BIG\") has 13 steps, more than 12: too large for one session; split it",
            "2:69: features[0] (\"BIG\"): the description is 704 characters, more than 600: too large for one session; split it",
        ]);
    }

    [Fact]
    public void An_agent_os_parent_task_without_subtasks_has_no_steps_and_its_infrastructure_tasks_are_not_work()
    {
        var errors = PlanLint.Errors("""
            {"version": "4.0", "spec": "shop", "tasks": [
              {"id": "1", "type": "parent", "description": "Add the cart", "status": "pending", "depends_on": []},
              {"id": "2", "type": "parent", "description": "Add the checkout", "status": "pending", "depends_on": ["1"],
               "subtasks": [{"id": "2.1", "type": "subtask", "description": "Write the checkout tests", "status": "pending"}]},
              {"id": "W1-PR", "description": "Open the pull request", "status": "pending", "task_type": "pr-review", "depends_on": ["2"]}
            ]}
            """, PlanFormat.AgentOs);

        errors.ShouldHaveSingleItem().ShouldBe("2:3: tasks[0] (\"1\") has no steps (\"subtasks\"): say how to build it and how to see that it works");
    }

    [Fact]
    public void A_plan_in_another_format_than_asked_is_named_as_such()
    {
        PlanLint.Errors("""{"name": "shop", "tasks": [{"id": "a", "title": "Add it", "prompt": "p"}]}""", PlanFormat.FeatureList)
            .ShouldBe(["1:1: expected a feature list (PACE format); this looks like a Pace spec"]);
        PlanLint.Errors("""{"features": []}""", PlanFormat.AgentOs)
            .ShouldBe(["1:1: expected an agent-os tasks.json (version 4): a root with \"version\": \"4.0\" and \"tasks\""]);
    }

    [Fact]
    public void An_id_of_the_list_merged_into_is_a_conflict()
    {
        var options = new PlanLintOptions { ExistingIds = new HashSet<string> { "A-1" }, ExistingFile = "feature_list.json" };
        var errors = PlanLint.Errors("""
            {"features": [
              {"id": "A-1", "category": "core", "priority": "high", "description": "Add a login form", "steps": ["s"], "passes": false}
            ]}
            """, options: options);

        errors.ShouldBe(["2:10: features[0] (\"A-1\"): id \"A-1\" is already used in feature_list.json; new items need new ids"]);
    }

    [Fact]
    public void Verify_commands_are_read_from_features_and_tasks_as_a_string_or_a_list()
    {
        var result = PlanLint.Of("""
            {"features": [
              {"id": "A-1", "category": "core", "priority": "high", "description": "Add a login form", "steps": ["s"], "passes": false, "verify": "test -f login.html"},
              {"id": "A-2", "category": "core", "priority": "high", "description": "Add a logout form", "steps": ["s"], "passes": false, "verify": ["test -f a", "test -f b"]}
            ]}
            """);

        result.Passed.ShouldBeTrue();
        result.Verify.Select(v => $"{v.Subject} {v.At.Line}:{v.At.Column} {v.Command}").ShouldBe([
            "A-1 2:135 test -f login.html",
            "A-2 3:137 test -f a",
            "A-2 3:150 test -f b",
        ]);
    }

    [Fact]
    public void A_good_plan_in_each_format_passes()
    {
        PlanLint.Errors("""{"features": [{"id": "A-1", "category": "c", "priority": "high", "description": "User can log in", "steps": ["s"], "passes": false}]}""").ShouldBeEmpty();
        PlanLint.Errors("""[{"category": "c", "description": "User can log in", "steps": ["s"], "passes": false}]""").ShouldBeEmpty();
        PlanLint.Errors("""{"name": "n", "tasks": [{"id": "a", "title": "Build the index", "prompt": "Add src/Index.cs"}]}""", PlanFormat.Spec).ShouldBeEmpty();
    }

    [Fact]
    public void The_bundled_examples_feature_list_and_spec_are_usable_plans()
    {
        var example = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "textstats"));
        foreach (var file in (string[])["feature_list.json", "specs/textstats.json"])
        {
            var path = Path.Combine(example, file);
            PlanLinter.Lint(path, File.ReadAllBytes(path), null, null).Errors.Select(PlanLint.Show).ShouldBeEmpty(file);
        }
    }

    [Fact]
    public void An_imperative_whose_verb_is_not_in_the_word_list_is_work_and_a_bare_noun_phrase_is_not()
    {
        PlanLint.Errors("""
            {"features": [
              {"id": "I-1", "category": "c", "priority": "high", "description": "Alphabetise the index", "steps": ["s"], "passes": false},
              {"id": "I-2", "category": "c", "priority": "high", "description": "Name the most frequent word", "steps": ["s"], "passes": false},
              {"id": "N-1", "category": "c", "priority": "high", "description": "Shopping cart totals", "steps": ["s"], "passes": false}
            ]}
            """).ShouldBe([
            "4:69: features[2] (\"N-1\"): \"Shopping cart totals\" has no verb: it names something rather than saying what to build; describe a piece of work (\"Add ...\", \"User can ...\") or leave it out",
        ]);
    }
}
