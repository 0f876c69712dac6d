using System.Text.Json;
using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>The real CLIs meeting a usage window: the run pauses until the reset instead of failing, then completes.</summary>
public sealed class UsageWindowTests(AgentClis clis)
{
    private static List<JsonElement> Journal(PaceProject project, string step) =>
        [.. project.Read(".pace/run/journal.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).Where(e => e.GetProperty("step").GetString() == step)];

    [Fact(Timeout = 240_000)]
    public async Task A_Claude_session_limit_pauses_the_run_until_the_reset_and_the_feature_is_then_built_with_no_failure_counted()
    {
        await using var project = await PaceProject.CreateAsync(clis, [new("CL-9", "greet.sh prints hello", "SCRIPT-CLAUDE-WINDOW")],
            new ProjectSettings { Agent = "claude-subscription", UsageJitterSeconds = 0 });
        var window = new RateLimited(TimeSpan.FromSeconds(4));
        project.Script("SCRIPT-CLAUDE-WINDOW",
            window,
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say("CL-9 done."));

        var run = await project.RunAsync("run", "--max-failures", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("(claude-subscription, five_hour limit): not counted as a failure", customMessage: run.ToString());
        var reset = window.ResetsAt!.Value;
        var paused = Journal(project, "paused").Single();
        paused.GetProperty("detail").GetString().ShouldBe($"until {reset:O} (claude-subscription, five_hour limit)");
        Journal(project, "resumed").Single().GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(reset);
        project.Passes().ShouldBe(new Dictionary<string, bool> { ["CL-9"] = true });
        using var state = JsonDocument.Parse(project.Read(".pace/run/state.json"));
        state.RootElement.GetProperty("consecutiveFailures").GetInt32().ShouldBe(0);
        state.RootElement.GetProperty("sessionsRun").GetInt32().ShouldBe(1);
        (await project.SubjectsAsync()).ShouldBe(["feat(core): CL-9 - greet.sh prints hello", "sample project", "init"]);
        await project.ShouldHaveKeptTheSecretAsync();
    }
}
