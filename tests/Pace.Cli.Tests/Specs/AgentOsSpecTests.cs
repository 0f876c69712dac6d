namespace Pace.Cli.Tests.Specs;

/// <summary>Specs in agent-os folders (.agent-os/specs/DATE-NAME/tasks.json): named by their folder, listed when broken, infrastructure tasks left out.</summary>
public sealed class AgentOsSpecTests
{
    /// <summary>A v4 file as agent-os's own task writer (migrate-v3-to-v4) makes it: three tasks, and per wave a branch, verify, PR and merge step, then a delivery.</summary>
    internal const string StockReport = """
        {
          "version": "4.0",
          "spec": "stock-report",
          "tasks": [
            { "id": "W1-BRANCH", "task_type": "git-operation", "description": "Create wave-1 branch and feature branch", "status": "pending", "depends_on": [], "config": { "operation": "branch-setup" } },
            { "id": "1", "task_type": "implementation", "description": "Read the stock file", "status": "pending", "depends_on": ["W1-BRANCH"], "subtasks": ["1.1"] },
            { "id": "1.1", "task_type": "implementation", "parent": "1", "description": "Write a failing test for the reader", "status": "pending", "depends_on": [] },
            { "id": "2", "task_type": "implementation", "description": "Format a price", "status": "pending", "depends_on": ["W1-BRANCH"] },
            { "id": "W1-VERIFY", "task_type": "verification", "description": "Verify wave-1 exports, run tests and type check", "status": "pending", "depends_on": ["1", "2"] },
            { "id": "W1-PR", "task_type": "git-operation", "description": "Create wave-1 PR to feature branch", "status": "pending", "depends_on": ["W1-VERIFY"] },
            { "id": "W1-MERGE", "task_type": "git-operation", "description": "Merge wave-1 PR", "status": "pending", "depends_on": ["W1-PR"] },
            { "id": "W2-BRANCH", "task_type": "git-operation", "description": "Create wave-2 branch from feature branch", "status": "pending", "depends_on": ["W1-MERGE"] },
            { "id": "3", "task_type": "implementation", "description": "Print the report", "status": "pending", "depends_on": ["W2-BRANCH"] },
            { "id": "W2-VERIFY", "task_type": "verification", "description": "Verify wave-2 exports, run tests and type check", "status": "pending", "depends_on": ["3"] },
            { "id": "W2-PR", "task_type": "git-operation", "description": "Create wave-2 PR to feature branch", "status": "pending", "depends_on": ["W2-VERIFY"] },
            { "id": "W2-MERGE", "task_type": "git-operation", "description": "Merge wave-2 PR (final wave)", "status": "pending", "depends_on": ["W2-PR"] },
            { "id": "DELIVER", "task_type": "git-operation", "description": "Create final PR to main", "status": "pending", "depends_on": ["W2-MERGE"] }
          ]
        }
        """;

    [Fact]
    public async Task Spec_status_takes_an_agent_os_spec_by_its_dated_folder_name()
    {
        using var repo = new SpecRepo();
        repo.Write(".agent-os/specs/2025-06-02-stock-report/tasks.json", StockReport);

        var dated = await repo.RunAsync("spec", "status", "2025-06-02-stock-report");
        var undated = await repo.RunAsync("spec", "status", "stock-report");
        var path = await repo.RunAsync("spec", "status", ".agent-os/specs/2025-06-02-stock-report/");

        foreach (var run in new[] { dated, undated, path })
        {
            run.ExitCode.ShouldBe(0, run.ToString());
            run.Stdout.ShouldContain("[INIT] Spec stock-report is ready: 2 waves to run.");
        }
    }

    [Fact]
    public async Task Spec_list_names_a_broken_agent_os_spec_by_its_folder_and_shows_its_error()
    {
        using var repo = new SpecRepo();
        repo.Write(".agent-os/specs/2025-06-02-stock-report/tasks.json", StockReport);
        repo.Write(".agent-os/specs/2025-06-03-cut-short/tasks.json", "{\n  \"version\": \"4.0\",\n  \"tasks\": [ { \"id\": \"1\",");
        repo.Write(".agent-os/specs/2025-06-04-no-tasks/tasks.json", "{ \"version\": \"4.0\", \"spec\": \"no-tasks\" }");

        var list = await repo.RunAsync("spec", "list");
        var json = await repo.RunAsync("spec", "list", "--json");
        var status = await repo.RunAsync("spec", "status", "2025-06-03-cut-short");

        list.ExitCode.ShouldBe(0, list.ToString());
        list.Stdout.Split('\n').ShouldNotContain(l => l.StartsWith("tasks ", StringComparison.Ordinal));
        list.Stdout.ShouldContain("2025-06-03-cut-short     broken             .agent-os/specs/2025-06-03-cut-short/tasks.json:3:");
        list.Stdout.ShouldContain("2025-06-04-no-tasks      broken             .agent-os/specs/2025-06-04-no-tasks/tasks.json:1:1: error: tasks.json: missing the \"tasks\" array");
        list.Stdout.ShouldContain("stock-report             not started        3 tasks in 2 waves");
        json.Stdout.ShouldContain("\"name\": \"2025-06-03-cut-short\"");
        json.Stdout.ShouldContain("\"phase\": \"broken\"");
        json.Stdout.ShouldContain("\"error\": \".agent-os/specs/2025-06-03-cut-short/tasks.json:3:");
        status.ExitCode.ShouldBe(2, status.ToString());
        status.Stderr.ShouldContain("2025-06-03-cut-short/tasks.json:3:");
    }

    [Fact]
    public async Task Spec_status_says_which_infrastructure_tasks_of_an_agent_os_v4_file_were_left_out_and_why()
    {
        using var repo = new SpecRepo();
        repo.Write(".agent-os/specs/2025-06-02-stock-report/tasks.json", StockReport);

        var status = await repo.RunAsync("spec", "status", "stock-report");

        status.ExitCode.ShouldBe(0, status.ToString());
        status.Stdout.ShouldContain("[INIT] Spec stock-report is ready: 2 waves to run.");
        status.Stdout.ShouldContain("Left out of the plan: 9 infrastructure task(s) of 2025-06-02-stock-report/tasks.json, done by Pace itself:");
        status.Stdout.ShouldContain("  W1-BRANCH (git-operation: Create wave-1 branch and feature branch): a git step (branch, pull request, merge, delivery)");
        status.Stdout.ShouldContain("  W1-VERIFY (verification: Verify wave-1 exports, run tests and type check): verification: Pace verifies every task itself");
        status.Stdout.ShouldContain("  DELIVER (git-operation: Create final PR to main)");
    }
}
