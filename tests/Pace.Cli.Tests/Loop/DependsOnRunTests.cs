using System.Text.Json;

namespace Pace.Cli.Tests.Loop;

/// <summary>`pace run` takes a feature only once the features it depends on pass, and says so when it cannot go on.</summary>
public sealed class DependsOnRunTests
{
    [Fact]
    public async Task A_feature_written_before_its_dependency_is_built_after_it_and_depends_on_is_kept()
    {
        using var project = new LoopProject("B-2", "A-1");
        project.DependsOn("B-2", "A-1");
        project.Implements("A-1");
        project.Implements("B-2");
        var dry = await project.RunAsync("run", "--dry-run");

        var run = await project.RunAsync("run", "--until-complete", "--json");

        dry.Stdout.ShouldContain("  A-1 (high) Feature A-1\n  B-2 (high) Feature B-2", customMessage: dry.ToString());
        dry.Stdout.ShouldContain("Waiting (depends_on, until these pass): B-2 on A-1");
        run.ExitCode.ShouldBe(0, run.ToString());
        using var summary = JsonDocument.Parse(run.Stdout);
        summary.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("featureId").GetString()).ShouldBe(["A-1", "B-2"]);
        summary.RootElement.TryGetProperty("waiting", out _).ShouldBeFalse();
        project.Subjects().Take(2).ShouldBe(["feat(core): B-2 - Feature B-2", "feat(core): A-1 - Feature A-1"]);
        project.Read("feature_list.json").ShouldContain("\"owner\": \"team-0\", \"depends_on\": [\"A-1\"] }");
        // The loop's own writes changed only the passes values (and the metadata below them).
        var before = project.Git("show", "HEAD~2:feature_list.json").Split('\n');
        var after = project.Read("feature_list.json").Replace("\"passes\": true", "\"passes\": false").Split('\n');
        after[..4].ShouldBe(before[..4]);
    }

    [Fact]
    public async Task A_run_whose_last_features_wait_on_a_stuck_one_ends_saying_what_each_waits_on()
    {
        using var project = new LoopProject("A-1", "B-2", "C-3");
        project.DependsOn("B-2", "A-1");
        project.Behave("A-1", "echo fail > tests/A-1.test");
        project.Implements("B-2");
        project.Implements("C-3");

        var run = await project.RunAsync("run", "--until-complete");
        var json = await project.RunAsync("run", "--until-complete", "--json");
        var next = await project.RunAsync("next", "--json");
        var status = await project.RunAsync("status");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("Sessions run: 3");
        run.Stdout.ShouldContain("Stopped: every feature left is stuck or waits on a stuck one");
        run.Stdout.ShouldContain("Waiting (depends_on, until these pass): B-2 on A-1 (stuck)");
        project.Subjects()[0].ShouldBe("feat(core): C-3 - Feature C-3");
        project.Exists("B-2.txt").ShouldBeFalse();

        json.ExitCode.ShouldBe(1, json.ToString());
        using var summary = JsonDocument.Parse(json.Stdout);
        summary.RootElement.GetProperty("stopReason").GetString().ShouldBe("Stuck");
        summary.RootElement.GetProperty("waiting")[0].GetProperty("featureId").GetString().ShouldBe("B-2");
        summary.RootElement.GetProperty("waiting")[0].GetProperty("waitsOn")[0].GetString().ShouldBe("A-1");

        using var nextJson = JsonDocument.Parse(next.Stdout);
        nextJson.RootElement.GetProperty("feature").ValueKind.ShouldBe(JsonValueKind.Null);
        nextJson.RootElement.GetProperty("message").GetString().ShouldBe("Every failing feature is stuck or waits on a stuck one");
        nextJson.RootElement.GetProperty("stuck")[0].GetProperty("featureId").GetString().ShouldBe("A-1");
        nextJson.RootElement.GetProperty("waiting")[0].GetProperty("featureId").GetString().ShouldBe("B-2");
        status.Stdout.ShouldContain("Next: none; every failing feature is stuck or waits on a stuck one.");
        status.Stdout.ShouldContain("Waiting (depends_on, until these pass): B-2 on A-1 (stuck)");
    }
}
