using System.Text.Json;

namespace Pace.Cli.Tests.Specs;

/// <summary>The evaluator (pace.evaluator) judges spec tasks through the same verified session as the loop's features.</summary>
public sealed class SpecEvaluatorTests
{
    [Fact]
    public async Task A_spec_task_the_evaluator_rejects_fails_with_its_reasons_and_one_it_accepts_passes()
    {
        using var repo = new SpecRepo();
        var judge = Path.Combine(repo.AgentFolder, "judge.sh");
        File.WriteAllText(judge, """
            #!/bin/sh
            prompt=$(cat)
            echo "$(printf '%s\n' "$prompt" | head -n 1) PACE_READ_ONLY=$PACE_READ_ONLY" >> "$(dirname "$0")/judge.log"
            case "$prompt" in
              *"Item b: Task b"*) echo '{"verdict": "reject", "reasons": ["b.txt says b, the task wants it to say bee"]}' ;;
              *) echo '{"verdict": "accept"}' ;;
            esac
            """);
        repo.Write("pace.json", repo.Read("pace.json")
            .Replace("\"agents\": {", $"\"evaluator\": \"judge\",\n    \"agents\": {{\n      \"judge\": {{ \"type\": \"command\", \"command\": \"sh\", \"args\": [\"{judge}\"], \"prompt\": \"stdin\" }},", StringComparison.Ordinal));
        repo.Git("commit", "-qam", "an evaluator");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("task b FAILED verification although the agent claimed success: the evaluator judge rejected the work: b.txt says b, the task wants it to say bee");
        run.Stdout.ShouldContain("task a passed verification");
        using var a = JsonDocument.Parse(repo.Read(".pace/specs/demo/wave-1/a/evidence.json"));
        var evaluation = a.RootElement.GetProperty("evaluation");
        evaluation.GetProperty("accepted").GetBoolean().ShouldBeTrue();
        evaluation.GetProperty("treeRef").GetString().ShouldBe("refs/pace/evaluated/demo/a");
        // a and b at least (c may start early once a passed); each asked read-only, with the evaluator's prompt.
        var asked = File.ReadAllLines(Path.Combine(repo.AgentFolder, "judge.log"));
        asked.Length.ShouldBeGreaterThanOrEqualTo(2);
        asked.ShouldAllBe(line => line == "Pace role: evaluator PACE_READ_ONLY=1");
    }
}
