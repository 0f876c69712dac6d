using System.Text.Json;
using System.Text.Json.Nodes;
using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>
/// The evaluator (pace.evaluator) played by the real Claude Code. It talks to a scripted server of its
/// own, so its answers never mix with the building agent's script: the feature's marker is in the
/// evaluator's prompt too (its steps), and one server would find two scripts for that conversation.
/// </summary>
public sealed class ClaudeEvaluatorTests(AgentClis clis)
{
    private const string Judge = "claude-judge";
    private const string Marker = "SCRIPT-EVALUATED-GREET";
    private const string Role = "Pace role: evaluator";

    [Fact(Timeout = 180_000)]
    public async Task A_feature_the_Claude_evaluator_accepts_is_committed_and_its_cost_counts_in_the_run()
    {
        await using var project = await CreateAsync();
        await using var judge = await JudgeAsync(project);
        judge.Add(new ModelScript(Role, new Say("""{"verdict": "accept"}""")));

        var run = await project.RunAsync("run", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        (await project.SubjectsAsync())[0].ShouldBe("feat(core): EV-1 - greet.sh prints hello");
        var evidence = await project.EvidenceAsync(1);
        evidence.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        var evaluation = evidence.GetProperty("evaluation");
        evaluation.GetProperty("evaluator").GetString().ShouldBe(Judge);
        evaluation.GetProperty("accepted").GetBoolean().ShouldBeTrue();
        evaluation.GetProperty("answers")[0].GetProperty("answer").GetString().ShouldBe("""{"verdict": "accept"}""");
        var judgeCost = evaluation.GetProperty("costUsd").GetDecimal();
        judgeCost.ShouldBeGreaterThan(0m);
        using var summary = JsonDocument.Parse(run.Stdout);
        summary.RootElement.GetProperty("costUsd").GetDecimal().ShouldBe(evidence.GetProperty("costUsd").GetDecimal() + judgeCost);

        // Read-only: the evaluator was offered no tool that writes or runs anything; it was shown the diff.
        var asked = judge.Requests.Single(r => r.Marker == Role);
        asked.Body.ShouldNotContain("\"name\":\"Write\"");
        asked.Body.ShouldNotContain("\"name\":\"Bash\"");
        asked.Body.ShouldContain("diff --git a/greet.sh b/greet.sh");
        judge.ShouldHaveStayedOfflineAndQuiet(project.Sandbox.ApiKey);
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 240_000)]
    public async Task A_reject_fails_the_session_and_its_reasons_reach_the_next_sessions_prompt()
    {
        const string reason = "tests/greet.sh only checks that greet.sh exists, not that it prints hello";
        await using var project = await CreateAsync();
        await using var judge = await JudgeAsync(project);
        judge.Add(new ModelScript(Role, new Say($$"""{"verdict": "reject", "reasons": ["{{reason}}"]}""")));

        var rejected = await project.RunAsync("run", "--max-sessions", "1");
        judge.Replace(new ModelScript(Role, new Say("""{"verdict": "accept"}""")));
        var accepted = await project.RunAsync("run");

        rejected.ExitCode.ShouldBe(0, rejected.ToString());
        rejected.ToString().ShouldContain(reason);
        var first = await project.EvidenceAsync(1);
        first.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        PaceProject.Strings(first.GetProperty("verdict").GetProperty("reasons")).ShouldBe([$"the evaluator {Judge} rejected the work: {reason}"]);
        first.GetProperty("attemptRef").GetString().ShouldBe("refs/pace/attempts/EV-1/1");
        accepted.ExitCode.ShouldBe(0, accepted.ToString());
        (await project.EvidenceAsync(2)).GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        (await project.SubjectsAsync())[0].ShouldBe("feat(core): EV-1 - greet.sh prints hello");
        var prompts = project.Server.Requests.Where(r => r.Marker == Marker && r.Turns == 0).Select(r => r.Body).ToList();
        prompts.Count.ShouldBe(2);
        prompts[0].ShouldNotContain(reason);
        prompts[1].ShouldContain($"the evaluator {Judge} rejected the work: {reason}");
        prompts[1].ShouldContain("refs/pace/attempts/EV-1/1");
        await project.ShouldHaveKeptTheSecretAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task An_evaluator_that_answers_garbage_twice_fails_the_session_with_its_answers_kept_redacted()
    {
        await using var project = await CreateAsync();
        await using var judge = await JudgeAsync(project);
        var key = project.Sandbox.ApiKey;
        judge.Add(new ModelScript(Role, new Say($"Looks fine to me; I used the key {key}.")));

        var run = await project.RunAsync("run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        var evidence = await project.EvidenceAsync(1);
        evidence.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        PaceProject.Strings(evidence.GetProperty("verdict").GetProperty("reasons")).ShouldHaveSingleItem()
            .ShouldStartWith($"the evaluator {Judge} gave no readable verdict in 2 answers (the last: not JSON");
        var answers = evidence.GetProperty("evaluation").GetProperty("answers");
        answers.GetArrayLength().ShouldBe(2);
        answers[1].GetProperty("answer").GetString().ShouldBe("Looks fine to me; I used the key [REDACTED].");
        judge.TurnsFor(Role).ShouldBe([0, 0]);
        judge.Requests.Where(r => r.Marker == Role).Last().Body.ShouldContain("Your previous answer could not be read (not JSON");
        project.Exists("greet.sh").ShouldBeFalse();
        (await project.GitAsync("show", "refs/pace/attempts/EV-1/1:greet.sh")).ShouldBe("echo hello\n");
        foreach (var file in Directory.EnumerateFiles(project.PathOf(".pace"), "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).ShouldNotContain(key, customMessage: file);
        }

        run.ToString().ShouldNotContain(key);
    }

    /// <summary>The sample project with one feature the agent builds honestly.</summary>
    private async Task<PaceProject> CreateAsync()
    {
        var project = await PaceProject.CreateAsync(clis, [new("EV-1", "greet.sh prints hello", Marker)]);
        project.Script(Marker,
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ -f greet.sh ]\n"),
            new Say("EV-1 done: greet.sh prints hello."));
        return project;
    }

    /// <summary>
    /// A second scripted server for the evaluator, and pace.json naming it: an agent entry like the
    /// sample's claude (same key, as ${E2E_API_KEY}) pointed at that server, and "evaluator" set to it.
    /// </summary>
    private static async Task<ScriptedModelServer> JudgeAsync(PaceProject project)
    {
        var server = ScriptedModelServer.Start();
        var config = JsonNode.Parse(project.Read("pace.json"))!;
        var pace = config["pace"]!;
        var judge = pace["agents"]!["claude"]!.DeepClone();
        judge["env"]!["ANTHROPIC_BASE_URL"] = server.BaseUrl;
        pace["agents"]![Judge] = judge;
        pace["evaluator"] = Judge;
        project.Write("pace.json", config.ToJsonString(new() { WriteIndented = true }) + "\n");
        await project.GitAsync("commit", "-q", "-am", "an evaluator");
        return server;
    }
}
