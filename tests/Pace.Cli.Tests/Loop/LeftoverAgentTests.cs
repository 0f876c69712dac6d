using System.Globalization;
using System.Text.Json;
using Pace.Adapters.Processes;

namespace Pace.Cli.Tests.Loop;

public sealed class LeftoverAgentTests
{
    [Fact]
    public async Task An_agent_left_running_by_a_SIGKILLed_Pace_is_ended_before_the_resumed_run_touches_the_tree()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var project = new LoopProject("A-1");
        // Attempt 1 stays busy (its `sleep` is in the agent's process group), then would write into the tree.
        project.Behave("A-1", "echo started > ../agent/started; sleep 60; echo late > late.txt", attempt: 1);
        project.Implements("A-1");
        var killed = project.RunAsync("run", "--until-complete");
        await WaitForAsync(() => File.Exists(Path.Combine(project.AgentFolder, "started")));
        using (var holder = JsonDocument.Parse(project.Read(".pace/lock")))
        {
            // SIGKILL to Pace alone: its agent has a process group of its own and survives.
            var pid = holder.RootElement.GetProperty("pid").GetInt32().ToString(CultureInfo.InvariantCulture);
            (await ProcessRunner.CaptureAsync(new ProcessSpec("kill", ["-KILL", pid], project.Folder), TestContext.Current.CancellationToken)).Result.ExitCode.ShouldBe(0);
        }

        (await killed).ExitCode.ShouldBe(137);
        WorkingIn(project.Folder).ShouldNotBeEmpty();

        var resumed = await project.RunAsync("run", "--until-complete");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stderr.ShouldContain("Ended the agent (process group ");
        WorkingIn(project.Folder).ShouldBeEmpty();
        project.Subjects().ShouldBe(["feat(core): A-1 - Feature A-1", "Initial project"]);
        project.Exists("late.txt").ShouldBeFalse();
        project.Git("status", "--porcelain").ShouldBeEmpty();
        project.Read(".pace/run/journal.jsonl").ShouldContain("\"step\":\"leftover-agent-ended\"");
    }

    /// <summary>Live processes whose working folder is <paramref name="folder"/>.</summary>
    private static List<int> WorkingIn(string folder)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(entry), out var pid)
                    && new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget == folder
                    && File.ReadAllText(Path.Combine(entry, "stat")).Split(") ")[^1][0] is not ('Z' or 'X'))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }

        return found;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
