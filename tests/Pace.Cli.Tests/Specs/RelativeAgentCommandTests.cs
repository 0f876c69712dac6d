namespace Pace.Cli.Tests.Specs;

public sealed class RelativeAgentCommandTests
{
    [Fact]
    public async Task A_relative_agent_command_resolves_from_the_project_folder_not_from_each_task_worktree()
    {
        using var repo = new SpecRepo();
        // Local wrappers, kept out of git: a task's worktree has no copy of them.
        foreach (var (name, target) in new[] { ("my-agent.sh", "agent.sh"), ("my-reviewer.sh", "reviewer.sh") })
        {
            var path = repo.Write($"local/{name}", $"#!/bin/sh\nexec '{Path.Combine(repo.AgentFolder, target)}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        File.AppendAllText(Path.Combine(repo.Folder, ".git", "info", "exclude"), "local/\n");
        var config = repo.Read("pace.json")
            .Replace(Path.Combine(repo.AgentFolder, "agent.sh"), "./local/my-agent.sh", StringComparison.Ordinal)
            .Replace(Path.Combine(repo.AgentFolder, "reviewer.sh"), "local/my-reviewer.sh", StringComparison.Ordinal);
        config.ShouldContain("\"./local/my-agent.sh\"");
        repo.Write("pace.json", config);
        repo.Git("commit", "-q", "-am", "Agents from local/");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(0, run.ToString());
        repo.Sessions().ShouldContain("task a");
        repo.Sessions().ShouldContain("review wave 1 cycle 1");
        repo.StateSummary().ShouldBe("COMPLETED wave 3/3 [1:1:merged:2:True, 2:2:merged:1:True, 3:3:merged:1:True]");
    }
}
