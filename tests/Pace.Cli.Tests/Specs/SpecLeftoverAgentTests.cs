using Pace.Adapters.Processes;

namespace Pace.Cli.Tests.Specs;

public sealed class SpecLeftoverAgentTests
{
    [Fact]
    public async Task A_spec_run_ends_the_agents_a_SIGKILLed_spec_run_left_behind_before_it_goes_on()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var repo = new SpecRepo();
        // The first time, task a's agent tells the test whom to kill (its parent is pace) and stays busy.
        repo.Behave("task-a", """
            if [ ! -f "$dir/killed-once" ]; then touch "$dir/killed-once"; echo $PPID > "$dir/pace.pid.tmp"; mv "$dir/pace.pid.tmp" "$dir/pace.pid"; sleep 60; echo late > late-a.txt; fi
            echo a > shared.txt; echo a > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test
            """);
        var first = repo.RunAsync("spec", "run", "demo");
        var pidFile = Path.Combine(repo.AgentFolder, "pace.pid");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!File.Exists(pidFile))
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        var kill = await ProcessRunner.CaptureAsync(
            new ProcessSpec("kill", ["-KILL", File.ReadAllText(pidFile).Trim()], repo.Folder), TestContext.Current.CancellationToken);
        kill.Result.ExitCode.ShouldBe(0);
        (await first).ExitCode.ShouldBe(137);

        var resumed = await repo.RunAsync("spec", "run", "demo", "--yes");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stderr.ShouldContain("Ended the agent (process group ");
        File.Exists(Path.Combine(repo.Folder, "late-a.txt")).ShouldBeFalse();
        repo.Git("status", "--porcelain").ShouldBeEmpty();
    }
}
