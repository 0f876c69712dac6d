using Pace.Core.Specs;

namespace Pace.Core.Tests.Specs;

/// <summary>agent-os v4 files made by agent-os's own task writer: its branch, verify, PR, merge and deliver steps are Pace's own work, not coding tasks.</summary>
public sealed class InfrastructureTaskTests
{
    private const string Path = ".agent-os/specs/2025-06-02-stock-report/tasks.json";

    /// <summary>Three tasks as agent-os's migrate-v3-to-v4 writes them: per wave a branch, verify, PR and merge task, then DELIVER.</summary>
    private const string ThreeTasks = """
        {
          "version": "4.0",
          "spec": "stock-report",
          "tasks": [
            { "id": "W1-BRANCH", "task_type": "git-operation", "description": "Create wave-1 branch and feature branch", "status": "pending", "depends_on": [] },
            { "id": "1", "task_type": "implementation", "description": "Read the stock file", "status": "pending", "depends_on": ["W1-BRANCH"], "subtasks": ["1.1"] },
            { "id": "1.1", "task_type": "implementation", "parent": "1", "description": "Write a failing test", "status": "pending", "depends_on": [] },
            { "id": "2", "task_type": "implementation", "description": "Format a price", "status": "pending", "depends_on": ["W1-BRANCH"] },
            { "id": "W1-VERIFY", "task_type": "verification", "description": "Verify wave-1", "status": "pending", "depends_on": ["1", "2"] },
            { "id": "W1-PR", "task_type": "git-operation", "description": "Create wave-1 PR", "status": "pending", "depends_on": ["W1-VERIFY"] },
            { "id": "W1-MERGE", "task_type": "git-operation", "description": "Merge wave-1 PR", "status": "pending", "depends_on": ["W1-PR"] },
            { "id": "W2-BRANCH", "task_type": "git-operation", "description": "Create wave-2 branch", "status": "pending", "depends_on": ["W1-MERGE"] },
            { "id": "3", "task_type": "implementation", "description": "Print the report", "status": "pending", "depends_on": ["W2-BRANCH"] },
            { "id": "W2-VERIFY", "task_type": "verification", "description": "Verify wave-2", "status": "pending", "depends_on": ["3"] },
            { "id": "W2-PR", "task_type": "git-operation", "description": "Create wave-2 PR", "status": "pending", "depends_on": ["W2-VERIFY"] },
            { "id": "W2-MERGE", "task_type": "git-operation", "description": "Merge wave-2 PR (final wave)", "status": "pending", "depends_on": ["W2-PR"] },
            { "id": "E2E", "task_type": "e2e-testing", "description": "Run full E2E test plan", "status": "pending", "depends_on": ["W2-MERGE"] },
            { "id": "DELIVER", "task_type": "git-operation", "description": "Create final PR to main", "status": "pending", "depends_on": ["E2E"] }
          ]
        }
        """;

    [Fact]
    public void A_three_task_agent_os_v4_file_plans_its_three_tasks_in_two_waves_not_thirteen()
    {
        var spec = SpecText.Valid(ThreeTasks, Path);

        spec.WaveIds().ShouldBe([["1", "2"], ["3"]]);
        spec.Find("3")!.DependsOn.ShouldBe(["1", "2"]);
        spec.Find("1")!.DependsOn.ShouldBeEmpty();
        spec.Find("1")!.Subtasks.Select(s => s.Id).ShouldBe(["1.1"]);
        spec.LeftOut.Select(t => (t.Id, t.TaskType)).ShouldBe([
            ("W1-BRANCH", "git-operation"), ("W1-VERIFY", "verification"), ("W1-PR", "git-operation"), ("W1-MERGE", "git-operation"),
            ("W2-BRANCH", "git-operation"), ("W2-VERIFY", "verification"), ("W2-PR", "git-operation"), ("W2-MERGE", "git-operation"),
            ("E2E", "e2e-testing"), ("DELIVER", "git-operation")]);
        spec.LeftOut.ShouldAllBe(t => t.Reason.Length > 0);
    }

    [Fact]
    public void A_dependency_on_an_unknown_task_through_an_infrastructure_task_is_still_reported()
    {
        var error = SpecText.SingleError(ThreeTasks.Replace("\"depends_on\": [\"W1-MERGE\"]", "\"depends_on\": [\"W1-MERGE\", \"9\"]", StringComparison.Ordinal), Path);

        error.Message.ShouldBe("task \"3\" depends on unknown task \"9\"");
    }

    [Fact]
    public void A_file_of_infrastructure_tasks_only_is_refused()
    {
        var error = SpecText.SingleError("""
            { "version": "4.0", "spec": "s", "tasks": [
              { "id": "W1-BRANCH", "task_type": "git-operation", "description": "Branch", "status": "pending", "depends_on": [] } ] }
            """, Path);

        error.Message.ShouldContain("every task is an infrastructure step (W1-BRANCH)");
    }

    [Fact]
    public void An_unknown_task_type_is_planned_as_work_with_a_warning()
    {
        var result = SpecText.Parse("""
            { "version": "4.0", "spec": "s", "tasks": [
              { "id": "1", "task_type": "docs", "description": "Write the guide", "status": "pending", "depends_on": [] } ] }
            """, Path);

        result.Spec!.Tasks.Select(t => t.Id).ShouldBe(["1"]);
        result.Diagnostics.ShouldHaveSingleItem().Message.ShouldBe("task \"1\": unknown task_type \"docs\"; planned as coding work");
    }
}
