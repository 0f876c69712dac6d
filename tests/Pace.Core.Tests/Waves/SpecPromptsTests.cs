using Pace.Core.Specs;
using Pace.Core.Tests.Specs;
using Pace.Core.Waves;

namespace Pace.Core.Tests.Waves;

public sealed class SpecPromptsTests
{
    private const string V3 = """
        { "version": "3.0", "spec": "ui", "tasks": [
            { "id": "1", "type": "parent", "description": "Set up the layout", "subtasks": ["1.1", "1.2"] },
            { "id": "1.1", "type": "subtask", "parent": "1", "description": "Write the grid", "status": "pass" },
            { "id": "1.2", "type": "subtask", "parent": "1", "description": "Write the header" } ],
          "execution_strategy": { "waves": [ { "wave_id": 1, "tasks": ["1"] } ] } }
        """;

    private const string V4 = """
        { "version": "4.0", "spec": "ui", "tasks": [
            { "id": "1", "task_type": "implementation", "description": "Set up the layout", "status": "pending", "depends_on": [], "subtasks": ["1.1", "1.2"] },
            { "id": "1.1", "task_type": "implementation", "parent": "1", "description": "Write the grid", "status": "pass", "depends_on": [] },
            { "id": "1.2", "task_type": "implementation", "parent": "1", "description": "Write the header", "status": "pending", "depends_on": [] } ] }
        """;

    [Theory]
    [InlineData(V3)]
    [InlineData(V4)]
    public void A_parent_tasks_subtasks_appear_once_in_its_prompt(string file)
    {
        var spec = SpecText.Valid(file, ".agent-os/specs/2025-01-31-ui/tasks.json");

        var prompt = SpecPrompts.Task(spec, spec.Find("1")!, []);

        Count(prompt, "Write the grid").ShouldBe(1, prompt);
        Count(prompt, "Write the header").ShouldBe(1, prompt);
        prompt.ShouldContain("Set up the layout\n\nSubtasks (all part of this task, in order):\n- 1.1: Write the grid (done already)\n- 1.2: Write the header\n");
    }

    [Fact]
    public void A_task_run_again_after_a_refused_merge_is_told_why_and_where_its_first_result_is_kept()
    {
        var spec = SpecText.Valid(V4, ".agent-os/specs/2025-01-31-ui/tasks.json");
        var refused = new RefusedMerge("1", "it conflicts with the wave's other tasks in src/grid.css", "refs/pace/spec-kept/ui/1/1");

        var first = SpecPrompts.Task(spec, spec.Find("1")!, ["make test"]);
        var again = SpecPrompts.Task(spec, spec.Find("1")!, ["make test"], refused);

        first.ShouldNotContain("could not join");
        again.ShouldContain("that result could not join the wave's branch, which took the wave's other tasks meanwhile: it conflicts with the wave's other tasks in src/grid.css.\n");
        again.ShouldContain("The earlier result is kept on refs/pace/spec-kept/ui/1/1 (`git show refs/pace/spec-kept/ui/1/1` shows it)");
        // The rest of the prompt is the task's, so a scripted agent reads the same role and task.
        again.ShouldStartWith("Pace role: task\n");
        again.ShouldContain("Task: 1\n");
        again.ShouldContain("make test");
        // On a fleet's worker the ref is not in the agent's clone: named, without the command to see it.
        var onWorker = SpecPrompts.Task(spec, spec.Find("1")!, ["make test"], refused, keptHere: false);
        onWorker.ShouldContain("The earlier result is kept on refs/pace/spec-kept/ui/1/1 in the project's repository: do the task again here");
        onWorker.ShouldNotContain("git show");
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
