using Pace.Core.Specs;
using Pace.Core.Tests.Specs;
using Pace.Core.Waves;
using static Pace.Core.Tests.Waves.Run;

namespace Pace.Core.Tests.Waves;

/// <summary>The scheduler's readiness rule for early start, on plain data: no git, no slots, no processes.</summary>
public sealed class EarlyStartRuleTests
{
    // Waves: 1 = a, b; 2 = c (after a), e (after b); 3 = d (after c), f (after a).
    private static readonly Spec Demo = SpecText.Valid("""
        { "name": "demo", "tasks": [
          { "id": "a", "title": "A" },
          { "id": "b", "title": "B" },
          { "id": "c", "title": "C", "depends_on": ["a"] },
          { "id": "e", "title": "E", "depends_on": ["b"] },
          { "id": "d", "title": "D", "depends_on": ["c"] },
          { "id": "f", "title": "F", "depends_on": ["a", "c"] }
        ] }
        """);

    private static SpecState Wave1(SpecFlags? flags = null) =>
        New(flags: flags).Then(new RunRequested(Min(0)), new WaveStarted(Min(1), 1, ["a", "b"]));

    private static EarlyStartRule Rule(SpecState state, string[] passedInWave, Dictionary<string, LiveEarlyRun>? live = null) =>
        new(Demo, state.Flags.EarlyStart, state.EarlyTasks, 1, passedInWave.Contains, t => live is not null && live.TryGetValue(t.Id, out var run) ? run : null);

    private static SpecTask Task(string id) => Demo.Find(id)!;

    [Fact]
    public void A_task_whose_dependency_passed_in_the_current_wave_is_ready_and_starts_from_that_task_branch()
    {
        Demo.WaveIds().ShouldBe([["a", "b"], ["c", "e"], ["d", "f"]]);

        var rule = Rule(Wave1(), ["a"]);

        rule.Ready().Select(t => t.Id).ShouldBe(["c"]);
        rule.ForkRefs(Task("c"), "feature/ui").ShouldBe(["refs/heads/feature/demo-wave-1-task-a"]);
    }

    [Fact]
    public void A_task_that_waits_on_a_task_still_running_early_becomes_ready_when_that_one_passes_and_starts_from_its_commit()
    {
        var running = new Dictionary<string, LiveEarlyRun> { ["c"] = new(null) };
        Rule(Wave1(), ["a", "b"], running).Ready().Select(t => t.Id).ShouldBe(["e"]);

        var passed = new Dictionary<string, LiveEarlyRun> { ["c"] = new(new EarlyTask { Wave = 2, TaskId = "c", Passed = true, Commit = "c0ffee" }) };
        var rule = Rule(Wave1(), ["a", "b"], passed);

        rule.Ready().Select(t => t.Id).ShouldBe(["e", "d", "f"]);
        rule.ForkRefs(Task("d"), "feature/ui").ShouldBe(["c0ffee"]);
        rule.ForkRefs(Task("f"), "feature/ui").ShouldBe(["refs/heads/feature/demo-wave-1-task-a", "c0ffee"]);
    }

    [Fact]
    public void A_failed_early_run_is_no_result_for_the_tasks_after_it()
    {
        var failed = new Dictionary<string, LiveEarlyRun> { ["c"] = new(new EarlyTask { Wave = 2, TaskId = "c", Passed = false, Reason = "tests failed" }) };

        Rule(Wave1(), ["a"], failed).Ready().ShouldBeEmpty();
    }

    [Fact]
    public void A_start_recorded_in_the_state_by_a_killed_run_is_not_started_again_and_its_recorded_result_counts()
    {
        var state = Wave1().Then(new TaskPassed(Min(2), 1, "a"), new EarlyTaskStarted(Min(3), 2, "c", "f00d"), new EarlyTaskPassed(Min(4), 2, "c", "beef"));

        var rule = Rule(state, ["a"]);

        rule.Ready().Select(t => t.Id).ShouldBe(["d", "f"]);
        rule.ForkRefs(Task("d"), "feature/ui").ShouldBe(["beef"]);
    }

    [Fact]
    public void A_dependency_of_an_earlier_wave_is_merged_so_the_task_starts_from_the_base_branch_too()
    {
        var rule = new EarlyStartRule(Demo, true, Wave1().EarlyTasks, 2, "c".Equals, _ => null);

        rule.ResultOf(Task("a"), "refs/heads/feature/ui").ShouldBe("refs/heads/feature/ui");
        rule.Ready().Select(t => t.Id).ShouldBe(["d", "f"]);
        rule.ForkRefs(Task("f"), "feature/ui").ShouldBe(["refs/heads/feature/ui", "refs/heads/feature/demo-wave-2-task-c"]);
        rule.ForkRefs(Task("a"), "feature/ui").ShouldBe(["refs/heads/feature/ui"], "a task without dependencies starts from the base branch");
    }

    [Fact]
    public void With_early_start_off_no_task_is_ready()
    {
        Rule(Wave1(new SpecFlags { EarlyStart = false }), ["a", "b"]).Ready().ShouldBeEmpty();
    }
}
