namespace Pace.Cli.Tests.Specs;

/// <summary>The <c>verify</c> commands of a spec's tasks already done run after each later task's session.</summary>
public sealed class SpecRegressionTests
{
    [Fact]
    public async Task A_spec_task_that_breaks_an_earlier_tasks_verify_fails_and_names_it()
    {
        using var repo = new SpecRepo();
        repo.Write("specs/demo.json", """
            {
              "name": "demo",
              "tasks": [
                { "id": "a", "title": "Task a", "verify": "test -f a.txt" },
                { "id": "c", "title": "Task c", "depends_on": ["a"] }
              ]
            }
            """);
        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "a spec whose first task has its own check");
        repo.Behave("task-a", "echo a > a.txt");
        repo.Behave("task-c", "rm a.txt; echo c > c.txt; mkdir -p tests; echo 'needs c.txt' > tests/c.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("task c failed although the agent claimed success: check 'regression a' failed with exit code 1");
        repo.Git("log", "--format=%s", "main").ShouldNotContain("wave 2");
    }
}
