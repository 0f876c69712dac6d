using System.Text.Json;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

/// <summary>What an agent must not be able to reach: Pace's forge credentials, and the lock that keeps a second Pace out.</summary>
public sealed class AgentReachTests
{
    private static readonly Dictionary<string, string?> ForgeTokens = new()
    {
        ["GITHUB_TOKEN"] = "ghp_0123456789abcdefghijABCDEFGHIJ0001",
        ["GH_TOKEN"] = "ghp_0123456789abcdefghijABCDEFGHIJ0002",
        ["GH_ENTERPRISE_TOKEN"] = "ghp_0123456789abcdefghijABCDEFGHIJ0003",
        ["GITHUB_ENTERPRISE_TOKEN"] = "ghp_0123456789abcdefghijABCDEFGHIJ0004",
    };

    [Fact]
    public async Task Agents_and_checks_do_not_receive_the_forge_token_pace_was_started_with()
    {
        using var project = new LoopProject("A-1");
        var agentEnv = Path.Combine(project.AgentFolder, "agent-env");
        var checkEnv = Path.Combine(project.AgentFolder, "check-env");
        project.Behave("A-1", $"env > {agentEnv}; echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test");
        // Even asked for by name in pace.json, directly or through another variable.
        Sessions.Configure(project, "\"prompt\": \"stdin\"", "\"prompt\": \"stdin\", \"env\": { \"GITHUB_TOKEN\": \"${GITHUB_TOKEN}\", \"MY_COPY\": \"${GH_TOKEN}\" }");
        Sessions.Configure(project, "\"run\": \"sh check.sh\"", $"\"run\": \"env > {checkEnv}; sh check.sh\"");

        var run = await project.RunAsync(ForgeTokens, "run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        Sessions.Verdict(project, 1).Passed.ShouldBeTrue();
        foreach (var seen in (string[])[File.ReadAllText(agentEnv), File.ReadAllText(checkEnv)])
        {
            seen.ShouldContain("PATH=");
            foreach (var (name, value) in ForgeTokens)
            {
                seen.ShouldNotContain(name + "=");
                seen.ShouldNotContain(value!);
            }
        }
    }

    [Fact]
    public async Task A_second_run_is_refused_while_an_agent_of_the_first_has_deleted_the_lock_file()
    {
        using var project = new LoopProject("A-1");
        var deleted = Path.Combine(project.AgentFolder, "lock-deleted");
        var go = Path.Combine(project.AgentFolder, "go");
        project.Behave("A-1", $"""
            rm -f .pace/lock; touch {deleted}
            i=0; while [ ! -f {go} ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
            echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test
            """);

        var first = project.RunAsync("run", "--max-sessions", "1");
        await WaitForFileAsync(deleted, first);
        var second = await project.RunAsync("run", "--max-sessions", "1");
        await File.WriteAllTextAsync(go, "", TestContext.Current.CancellationToken);
        var firstRun = await first;

        second.ExitCode.ShouldBe(2, second.ToString());
        second.Stderr.ShouldContain("another Pace is running in this repository");
        second.Stderr.ShouldNotContain("Ended the agent");
        // The first run went on undisturbed: its agent was not ended by the second, and reaching into .pace/ failed its session.
        firstRun.ExitCode.ShouldBe(0, firstRun.ToString());
        project.Git("show", "refs/pace/attempts/A-1/1:A-1.txt").ShouldBe("done\n");
        var (passed, reasons) = Sessions.Verdict(project, 1);
        passed.ShouldBeFalse();
        reasons.ShouldContain(".pace/lock");
        project.Subjects().ShouldBe(["Initial project"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_id_starting_with_an_at_sign_is_an_id_and_not_a_file_of_arguments(bool json)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Pace(SampleLists.Feature("@web/login"), SampleLists.Feature("A-2")));
        // What a response file there would have turned the command into.
        folder.Write("web/login", "A-2");
        string[] args = json ? ["update", "@web/login", "pass", "--json"] : ["update", "@web/login", "pass"];

        var run = await Pace.RunAsync(folder.Path, args);
        var inProcess = Pace.RunInProcess(folder.Path, "update", "@web/login", "fail");

        run.ExitCode.ShouldBe(0, run.ToString());
        inProcess.ExitCode.ShouldBe(0, inProcess.ToString());
        using var list = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, SampleLists.FileName)));
        var features = list.RootElement.GetProperty("features");
        features[0].GetProperty("passes").GetBoolean().ShouldBeFalse();
        features[1].GetProperty("passes").GetBoolean().ShouldBeFalse();
        File.ReadAllText(Path.Combine(folder.Path, ".pace", "overrides.jsonl")).ShouldContain("\"featureId\":\"@web/login\",\"from\":\"failing\",\"to\":\"passing\"");
    }

    private static async Task WaitForFileAsync(string path, Task<PaceRun> run)
    {
        var cancellation = TestContext.Current.CancellationToken;
        while (!File.Exists(path))
        {
            if (run.IsCompleted)
            {
                throw new ShouldAssertException($"pace ended before the agent got there: {await run}");
            }

            await Task.Delay(20, cancellation);
        }
    }
}
