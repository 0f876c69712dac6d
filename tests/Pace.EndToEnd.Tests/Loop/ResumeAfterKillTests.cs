using System.Text.Json;
using System.Text.RegularExpressions;
using Pace.Adapters.Processes;
using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>Pace killed with SIGKILL while a real Claude Code session streams, then started again.</summary>
public sealed partial class ResumeAfterKillTests(AgentClis clis)
{
    private static readonly SampleFeature[] Features =
    [
        new("KL-1", "greet.sh prints hello", "SCRIPT-KILL-GREET"),
        new("KL-2", "loud.sh prints HELLO", "SCRIPT-KILL-LOUD"),
    ];

    [Fact(Timeout = 240_000)]
    public async Task I_can_resume_a_run_killed_during_a_real_agent_session_and_it_ends_as_if_never_interrupted()
    {
        await using var reference = await ProjectAsync();
        (await reference.RunAsync("run")).ExitCode.ShouldBe(0);

        await using var project = await ProjectAsync();
        // The second turn of KL-1 streams slowly (no text first: Claude prints nothing until the tool call is complete).
        project.Server.Replace(new ModelScript("SCRIPT-KILL-GREET", [.. GreetSteps(project).Select((s, i) => i == 1 ? s with { EventDelay = TimeSpan.FromSeconds(5) } : s)]));
        var cancellation = TestContext.Current.CancellationToken;
        var killed = project.RunAsync(cancellation, "run");
        await project.Server.WaitForRequestAsync(r => r.Marker == "SCRIPT-KILL-GREET" && r.Turns == 1, TimeSpan.FromSeconds(60), cancellation);
        await KillAsync(project);
        (await killed).ExitCode.ShouldBe(137);
        var orphans = AgentProcesses.In(project.Repo);
        orphans.ShouldNotBeEmpty("the agent runs in a process group of its own, so it outlives a SIGKILLed Pace");
        project.Server.Replace(new ModelScript("SCRIPT-KILL-GREET", GreetSteps(project)));

        var resumed = await project.RunAsync("run");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stderr.ShouldContain("Ended the agent (process group ");
        AgentProcesses.In(project.Repo).ShouldBeEmpty("the resumed run ends the agent the killed run left behind");
        (await project.SubjectsAsync()).ShouldBe(await reference.SubjectsAsync());
        (await TreeAsync(project)).ShouldBe(await TreeAsync(reference));
        Dates().Replace(project.Read("feature_list.json"), "<date>").ShouldBe(Dates().Replace(reference.Read("feature_list.json"), "<date>"));
        Dates().Replace(project.Read("progress.txt"), "<date>").ShouldBe(Dates().Replace(reference.Read("progress.txt"), "<date>"));
        (await project.GitAsync("status", "--porcelain")).ShouldBeEmpty();
        (await project.GitAsync("ls-tree", "-r", "--name-only", "refs/pace/interrupted/KL-1/1")).ShouldContain("greet.sh");
        (await project.GitAsync("show", "refs/pace/interrupted/KL-1/1:greet.sh")).ShouldBe("echo hello\n");
        (await project.EvidenceAsync(1)).GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        await project.ShouldHaveKeptTheSecretAsync();
    }

    private async Task<PaceProject> ProjectAsync()
    {
        var project = await PaceProject.CreateAsync(clis, Features);
        project.Script("SCRIPT-KILL-GREET", GreetSteps(project));
        project.Script("SCRIPT-KILL-LOUD",
            new WriteFile(project.PathOf("loud.sh"), "echo HELLO\n"),
            new WriteFile(project.PathOf("tests/loud.sh"), "[ \"$(sh loud.sh)\" = HELLO ]\n"),
            new Say("KL-2 done."));
        return project;
    }

    private static ScriptStep[] GreetSteps(PaceProject project) =>
    [
        new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
        new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
        new Say("KL-1 done."),
    ];

    /// <summary>SIGKILL to the pace process alone (its pid is in .pace/lock), not to the agent's process group.</summary>
    private static async Task KillAsync(PaceProject project)
    {
        using var holder = JsonDocument.Parse(project.Read(".pace/lock"));
        var pid = holder.RootElement.GetProperty("pid").GetInt32();
        var (result, _, stderr) = await ProcessRunner.CaptureAsync(new ProcessSpec("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], project.Repo));
        result.ExitCode.ShouldBe(0, stderr);
    }

    /// <summary>Every tracked file and its content, apart from those that hold dates (feature list, progress) or the server's port (pace.json).</summary>
    private static async Task<string> TreeAsync(PaceProject project) =>
        string.Join('\n', (await project.GitAsync("ls-tree", "-r", "HEAD")).Split('\n')
            .Where(line => !new[] { "\tfeature_list.json", "\tprogress.txt", "\tpace.json" }.Any(name => line.EndsWith(name, StringComparison.Ordinal))));

    [GeneratedRegex("\"last_updated\": \"[^\"]*\"|\\*\\*Date:\\*\\* .*")]
    private static partial Regex Dates();
}
