using System.Text.Json;

namespace Pace.Cli.Tests.Specs;

/// <summary>Proof of done for spec tasks: a task passes only when its tests fail on the base without its code and pass with it.</summary>
public sealed class SpecProofTests
{
    [Fact]
    public async Task A_lazy_agent_that_touches_an_unrelated_file_passes_no_spec_task()
    {
        using var repo = new SpecRepo();
        repo.Behave("task", "echo \"$task is done\" >> notes.md");
        repo.Behave("task-a", "echo 'a is done' >> notes.md");
        repo.Behave("task-b", "echo 'b is done' >> notes.md");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("failed although the agent claimed success: the session added or changed no test (looked for tests/**");
        repo.Git("log", "--format=%s", "main").ShouldBe("Initial project");
    }

    [Fact]
    public async Task A_vacuous_test_agent_whose_tests_pass_without_the_code_passes_no_spec_task()
    {
        using var repo = new SpecRepo();
        repo.Behave("task", "echo \"$task\" > \"$task.txt\"; mkdir -p tests; echo pass > \"tests/$task.test\"");
        repo.Behave("task-a", "echo a > a.txt; mkdir -p tests; echo pass > tests/a.test");
        repo.Behave("task-b", "echo b > b.txt; mkdir -p tests; echo pass > tests/b.test");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("the session's tests pass without its code (the checks passed on the base with only its test files applied: tests/a.test)");
        repo.Git("log", "--format=%s", "main").ShouldBe("Initial project");
        var trees = Path.Combine(repo.Folder, ".git", "pace-proof");
        (Directory.Exists(trees) ? Directory.EnumerateFileSystemEntries(trees).ToList() : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_honest_agent_passes_every_spec_task_with_a_red_run_in_each_tasks_evidence()
    {
        using var repo = new SpecRepo();

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        using var evidence = JsonDocument.Parse(repo.Read(".pace/specs/demo/wave-1/a/evidence.json"));
        var proof = evidence.RootElement.GetProperty("proof");
        proof.GetProperty("rule").GetString().ShouldBe("red-green");
        proof.GetProperty("testFiles").EnumerateArray().Select(f => f.GetString()).ShouldBe(["tests/a.test"]);
        proof.GetProperty("redRun")[0].GetProperty("exitCode").GetInt32().ShouldBe(1);
        repo.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
    }

    /// <summary>An agent-os v3 spec of one task that names its test file in artifacts.test_files.</summary>
    private static SpecRepo AgentOsRepo(string behaviour)
    {
        var repo = new SpecRepo();
        repo.Write(".agent-os/specs/2026-12-01-shop/tasks.json", """
            { "version": "3.0", "spec": "shop", "tasks": [
              { "id": "1", "type": "parent", "description": "Build one", "status": "pending", "subtasks": [],
                "artifacts": { "test_files": ["tests/one.test"] } } ] }
            """);
        repo.Git("add", "-A");
        repo.Git("commit", "-qm", "an agent-os spec");
        repo.Behave("task-1", behaviour);
        return repo;
    }

    [Fact]
    public async Task An_agent_os_task_is_not_done_when_its_named_test_file_was_never_written()
    {
        // An honest-looking test, but not the one the task names.
        using var repo = AgentOsRepo("echo one > one.txt; mkdir -p tests; echo 'needs one.txt' > tests/other.test");

        var run = await repo.RunAsync("spec", "run", "shop", "--yes");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("the task's own test files (artifacts.test_files) are not there after the session: tests/one.test");
    }

    [Fact]
    public async Task An_agent_os_task_whose_named_test_fails_without_its_code_passes_with_that_file_as_the_proof()
    {
        using var repo = AgentOsRepo("echo one > one.txt; mkdir -p tests; echo 'needs one.txt' > tests/one.test; echo pass > tests/extra.test");

        var run = await repo.RunAsync("spec", "run", "shop", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        using var evidence = JsonDocument.Parse(repo.Read(".pace/specs/shop/wave-1/1/evidence.json"));
        evidence.RootElement.GetProperty("proof").GetProperty("testFiles").EnumerateArray().Select(f => f.GetString()).ShouldBe(["tests/one.test"]);
    }
}
