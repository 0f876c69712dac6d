using System.Text.Json;

namespace Pace.Cli.Tests;

/// <summary>The feature-list commands on a list whose features declare <c>depends_on</c>.</summary>
public sealed class DependsOnTests
{
    private static string With(string feature, string dependsOn) => feature[..^1] + $", \"depends_on\": {dependsOn}}}";

    /// <summary>B (critical) depends on A (low), written before it; C is high.</summary>
    private static string BeforeItsDependency() => SampleLists.Pace(
        With(SampleLists.Feature("B", "critical"), "[ \"A\" ]"),
        SampleLists.Feature("A", "low"),
        SampleLists.Feature("C", "high"));

    [Fact]
    public async Task Validate_names_the_place_of_a_dependency_on_an_unknown_feature_and_exits_2()
    {
        using var folder = new TempFolder();
        var text = SampleLists.Pace(SampleLists.Feature("A"), With(SampleLists.Feature("B"), "[\"A\", \"NOPE\"]"));
        var path = folder.Write(SampleLists.FileName, text);

        var run = await Pace.RunAsync(folder.Path, "validate");
        var json = Pace.RunInProcess(folder.Path, "validate", "--json");

        run.ExitCode.ShouldBe(2, run.ToString());
        var column = text.Split('\n')[3].IndexOf("\"NOPE\"", StringComparison.Ordinal) + 1;
        run.Stdout.ShouldContain($"{path}:4:{column}: error: features[1] (\"B\") depends on unknown feature \"NOPE\"");
        json.ExitCode.ShouldBe(2);
        using var document = JsonDocument.Parse(json.Stdout);
        var error = document.RootElement.GetProperty("errors")[0];
        error.GetProperty("featureId").GetString().ShouldBe("B");
        error.GetProperty("field").GetString().ShouldBe("depends_on");
        error.GetProperty("line").GetInt32().ShouldBe(4);
        error.GetProperty("column").GetInt32().ShouldBe(column);
    }

    [Fact]
    public void Validate_names_a_dependency_cycle_and_next_refuses_the_list_changing_nothing()
    {
        using var folder = new TempFolder();
        var text = SampleLists.Pace(With(SampleLists.Feature("A"), "[\"B\"]"), With(SampleLists.Feature("B"), "[\"A\"]"));
        var path = folder.Write(SampleLists.FileName, text);

        var validate = Pace.RunInProcess(folder.Path, "validate");
        var next = Pace.RunInProcess(folder.Path, "next");
        var update = Pace.RunInProcess(folder.Path, "update", "A", "pass");

        validate.ExitCode.ShouldBe(2, validate.ToString());
        validate.Stdout.ShouldContain($"{path}:3:12: error: dependency cycle: A -> B -> A (each feature depends on the next)");
        next.ExitCode.ShouldBe(2, next.ToString());
        next.Stderr.ShouldContain("dependency cycle: A -> B -> A");
        update.ExitCode.ShouldBe(2, update.ToString());
        folder.Text(SampleLists.FileName).ShouldBe(text);
        File.Exists(folder[SampleLists.FileName + ".bak"]).ShouldBeFalse();
    }

    [Fact]
    public void Next_skips_a_feature_whose_dependency_fails_and_says_what_it_waits_on()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, BeforeItsDependency());

        var next = Pace.RunInProcess(folder.Path, "next");
        var json = Pace.RunInProcess(folder.Path, "next", "--json");

        next.ExitCode.ShouldBe(0, next.ToString());
        next.Stdout.ShouldContain("Next: C (high) Feature C");
        next.Stdout.ShouldContain("Waiting (depends_on, until these pass): B on A");
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        root.GetProperty("feature").GetProperty("id").GetString().ShouldBe("C");
        root.GetProperty("remainingCount").GetInt32().ShouldBe(3);
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["complete", "feature", "progress", "remainingCount", "waiting"]);
        root.GetProperty("waiting")[0].GetProperty("featureId").GetString().ShouldBe("B");
        root.GetProperty("waiting")[0].GetProperty("waitsOn").EnumerateArray().Select(e => e.GetString()).ShouldBe(["A"]);
    }

    [Fact]
    public void Status_json_adds_the_waiting_features_and_keeps_its_shape()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, BeforeItsDependency());

        var status = Pace.RunInProcess(folder.Path, "status", "--json");
        var plain = Pace.RunInProcess(folder.Path, "status");

        using var document = JsonDocument.Parse(status.Stdout);
        var root = document.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["passing", "failing", "total", "percentage", "isComplete", "projectName", "nextFeature", "waiting"]);
        root.GetProperty("nextFeature").GetProperty("id").GetString().ShouldBe("C");
        root.GetProperty("waiting")[0].GetProperty("waitsOn")[0].GetString().ShouldBe("A");
        plain.Stdout.ShouldContain("Next: C (high) Feature C");
        plain.Stdout.ShouldContain("Waiting (depends_on, until these pass): B on A");
    }

    [Fact]
    public void A_long_chain_of_waiting_features_is_named_ten_at_a_time_in_plain_output_and_whole_in_json()
    {
        using var folder = new TempFolder();
        var features = Enumerable.Range(0, 30).Select(i => i == 0 ? SampleLists.Feature("N0") : With(SampleLists.Feature($"N{i}"), $"[\"N{i - 1}\"]"));
        folder.Write(SampleLists.FileName, SampleLists.Pace([.. features]));

        var next = Pace.RunInProcess(folder.Path, "next");
        var json = Pace.RunInProcess(folder.Path, "next", "--json");

        next.Stdout.ShouldContain("Next: N0 (high) Feature N0");
        next.Stdout.ShouldContain("Waiting (depends_on, until these pass): N1 on N0; N2 on N1;");
        next.Stdout.ShouldContain("N10 on N9; and 19 more ('--json' lists them all)");
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("waiting").GetArrayLength().ShouldBe(29);
    }

    [Fact]
    public void A_list_without_depends_on_shows_no_waiting_field()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var next = Pace.RunInProcess(folder.Path, "next", "--json");
        var status = Pace.RunInProcess(folder.Path, "status");

        next.Stdout.ShouldNotContain("waiting");
        status.Stdout.ShouldNotContain("Waiting");
    }

    [Fact]
    public void Update_keeps_depends_on_byte_for_byte_and_a_passing_dependency_lets_its_dependent_be_next()
    {
        using var folder = new TempFolder();
        var text = BeforeItsDependency();
        folder.Write(SampleLists.FileName, text);

        var update = Pace.RunInProcess(folder.Path, "update", "A", "pass", "--json");
        var next = Pace.RunInProcess(folder.Path, "next");

        update.ExitCode.ShouldBe(0, update.ToString());
        var saved = folder.Text(SampleLists.FileName);
        saved.ShouldContain("\"owner\": \"x\", \"depends_on\": [ \"A\" ]}");
        saved.Replace("\"passes\": true", "\"passes\": false").Split('\n')[..5].ShouldBe(text.Split('\n')[..5]);
        next.Stdout.ShouldContain("Next: B (critical) Feature B");
        next.Stdout.ShouldNotContain("Waiting");
    }
}
