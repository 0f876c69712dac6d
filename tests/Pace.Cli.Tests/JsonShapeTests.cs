using System.Text.Json;

namespace Pace.Cli.Tests;

/// <summary>The --json shapes of formats.md, read back from a real pace process.</summary>
public sealed class JsonShapeTests
{
    private static async Task<JsonElement> JsonOf(TempFolder folder, int exitCode, params string[] args)
    {
        var run = await Pace.RunAsync(folder.Path, args);
        run.ExitCode.ShouldBe(exitCode, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.Clone();
    }

    private static void ShouldHaveKeys(JsonElement element, params string[] keys) =>
        element.EnumerateObject().Select(p => p.Name).ShouldBe(keys);

    [Fact]
    public async Task I_can_read_the_next_feature_as_json()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var json = await JsonOf(folder, 0, "next", "--json");

        ShouldHaveKeys(json, "complete", "feature", "progress", "remainingCount");
        json.GetProperty("complete").GetBoolean().ShouldBeFalse();
        var feature = json.GetProperty("feature");
        ShouldHaveKeys(feature, "id", "description", "priority", "category", "steps");
        feature.GetProperty("id").GetString().ShouldBe("CRIT-1");
        feature.GetProperty("description").GetString().ShouldBe("Feature CRIT-1");
        feature.GetProperty("priority").GetString().ShouldBe("critical");
        feature.GetProperty("category").GetString().ShouldBe("auth");
        feature.GetProperty("steps").EnumerateArray().Select(s => s.GetString()).ShouldBe(["check CRIT-1", "then more"]);
        var progress = json.GetProperty("progress");
        ShouldHaveKeys(progress, "passing", "failing", "total", "percentage");
        (progress.GetProperty("passing").GetInt32(), progress.GetProperty("failing").GetInt32(), progress.GetProperty("total").GetInt32()).ShouldBe((1, 3, 4));
        progress.GetProperty("percentage").GetDouble().ShouldBe(25.0);
        json.GetProperty("remainingCount").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task I_am_told_as_json_when_there_is_no_next_feature()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.AllPassing());

        var json = await JsonOf(folder, 0, "next", "--json");

        json.GetProperty("complete").GetBoolean().ShouldBeTrue();
        json.GetProperty("feature").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("message").GetString().ShouldBe("All 2 features pass");
        json.GetProperty("progress").GetProperty("percentage").GetDouble().ShouldBe(100.0);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("progress")]
    public async Task I_can_read_the_progress_as_json(string command)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var json = await JsonOf(folder, 0, command, "--json");

        ShouldHaveKeys(json, "passing", "failing", "total", "percentage", "isComplete", "projectName", "nextFeature");
        (json.GetProperty("passing").GetInt32(), json.GetProperty("failing").GetInt32(), json.GetProperty("total").GetInt32()).ShouldBe((1, 3, 4));
        json.GetProperty("percentage").GetDouble().ShouldBe(25.0);
        json.GetProperty("isComplete").GetBoolean().ShouldBeFalse();
        json.GetProperty("projectName").GetString().ShouldBe("demo");
        var next = json.GetProperty("nextFeature");
        ShouldHaveKeys(next, "id", "description", "priority", "category");
        next.GetProperty("id").GetString().ShouldBe("CRIT-1");
    }

    [Fact]
    public async Task I_can_read_the_progress_of_a_plain_array_as_json()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.PlainArray());

        var json = await JsonOf(folder, 0, "status", "--json");

        json.GetProperty("projectName").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("nextFeature").GetProperty("id").GetString().ShouldBe("F002");
        json.GetProperty("nextFeature").GetProperty("priority").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("percentage").GetDouble().ShouldBe(50.0);
    }

    [Fact]
    public async Task I_can_read_the_result_of_an_update_as_json()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var json = await JsonOf(folder, 0, "update", "MED-1", "pass", "--json");

        ShouldHaveKeys(json, "success", "changed", "featureId", "oldStatus", "newStatus", "description", "category", "priority", "progress");
        json.GetProperty("success").GetBoolean().ShouldBeTrue();
        json.GetProperty("changed").GetBoolean().ShouldBeTrue();
        json.GetProperty("featureId").GetString().ShouldBe("MED-1");
        json.GetProperty("oldStatus").GetString().ShouldBe("failing");
        json.GetProperty("newStatus").GetString().ShouldBe("passing");
        json.GetProperty("description").GetString().ShouldBe("Feature MED-1");
        json.GetProperty("category").GetString().ShouldBe("core");
        json.GetProperty("priority").GetString().ShouldBe("medium");
        var progress = json.GetProperty("progress");
        ShouldHaveKeys(progress, "passing", "failing", "total", "percentage");
        (progress.GetProperty("passing").GetInt32(), progress.GetProperty("failing").GetInt32()).ShouldBe((2, 2));
        progress.GetProperty("percentage").GetDouble().ShouldBe(50.0);

        var again = await JsonOf(folder, 0, "update", "MED-1", "pass", "--json");
        again.GetProperty("changed").GetBoolean().ShouldBeFalse();
        again.GetProperty("oldStatus").GetString().ShouldBe("passing");
    }

    [Fact]
    public async Task I_get_a_json_error_with_the_documented_keys_when_an_update_is_refused()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var json = await JsonOf(folder, 2, "update", "NOPE-9", "fail", "--json");

        ShouldHaveKeys(json, "success", "changed", "featureId", "oldStatus", "newStatus", "error", "errors");
        json.GetProperty("success").GetBoolean().ShouldBeFalse();
        json.GetProperty("changed").GetBoolean().ShouldBeFalse();
        json.GetProperty("featureId").GetString().ShouldBe("NOPE-9");
        json.GetProperty("oldStatus").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("newStatus").GetString().ShouldBe("failing");
        json.GetProperty("error").GetString()!.ShouldContain("NOPE-9");
    }

    [Fact]
    public async Task I_can_read_a_validation_as_json()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard().Replace("[\"check MED-1\", \"then more\"]", "[]"));

        var json = await JsonOf(folder, 0, "validate", "--json");

        ShouldHaveKeys(json, "valid", "file", "format", "errors", "warnings", "stats");
        json.GetProperty("valid").GetBoolean().ShouldBeTrue();
        json.GetProperty("file").GetString().ShouldBe(folder[SampleLists.FileName]);
        json.GetProperty("format").GetString().ShouldBe("pace");
        json.GetProperty("errors").GetArrayLength().ShouldBe(0);
        var warning = json.GetProperty("warnings").EnumerateArray().Single();
        ShouldHaveKeys(warning, "featureId", "field", "message", "file", "line", "column");
        (warning.GetProperty("featureId").GetString(), warning.GetProperty("field").GetString(), warning.GetProperty("line").GetInt32()).ShouldBe(("MED-1", "steps", 6));
        var stats = json.GetProperty("stats");
        ShouldHaveKeys(stats, "total", "passing", "failing", "byCategory", "byPriority");
        stats.GetProperty("byCategory").GetProperty("auth").GetInt32().ShouldBe(1);
        stats.GetProperty("byCategory").GetProperty("core").GetInt32().ShouldBe(3);
        ShouldHaveKeys(stats.GetProperty("byPriority"), "critical", "high", "medium", "low");
    }

    [Fact]
    public async Task I_can_read_the_problems_of_an_invalid_list_as_json()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard().Replace("\"priority\": \"medium\"", "\"priority\": \"soon\""));

        var json = await JsonOf(folder, 2, "validate", "--json");

        json.GetProperty("valid").GetBoolean().ShouldBeFalse();
        json.GetProperty("format").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("stats").ValueKind.ShouldBe(JsonValueKind.Null);
        var error = json.GetProperty("errors").EnumerateArray().Single();
        (error.GetProperty("featureId").GetString(), error.GetProperty("field").GetString()).ShouldBe(("MED-1", "priority"));
        (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetInt32()).ShouldBe((6, 85));
        error.GetProperty("file").GetString().ShouldBe(folder[SampleLists.FileName]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("missing.json")]
    public async Task Validate_json_without_a_feature_list_prints_its_report_with_valid_false(string? file)
    {
        using var folder = new TempFolder();
        string[] args = file is null ? ["validate", "--json"] : ["validate", "--json", "--file", file];

        var run = await Pace.RunAsync(folder.Path, args);

        run.ExitCode.ShouldBe(2, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var json = document.RootElement;
        ShouldHaveKeys(json, "valid", "file", "format", "errors", "warnings", "stats");
        json.GetProperty("valid").GetBoolean().ShouldBeFalse();
        json.GetProperty("file").GetString().ShouldBe(folder[file ?? SampleLists.FileName]);
        json.GetProperty("format").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("stats").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("warnings").GetArrayLength().ShouldBe(0);
        var error = json.GetProperty("errors").EnumerateArray().Single();
        ShouldHaveKeys(error, "featureId", "field", "message", "file");
        error.GetProperty("message").GetString()!.ShouldContain(file is null ? "no feature_list.json in" : "missing.json: no such file");
        run.Stderr.ShouldContain("pace: ");
        folder.Files().ShouldBeEmpty();
    }

    [Fact]
    public async Task Validate_json_counts_an_empty_category_as_uncategorized_as_the_seed_does()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard().Replace("\"category\": \"auth\"", "\"category\": \"\""));

        var json = await JsonOf(folder, 0, "validate", "--json");

        ShouldHaveKeys(json.GetProperty("stats").GetProperty("byCategory"), "core", "uncategorized");
        json.GetProperty("stats").GetProperty("byCategory").GetProperty("uncategorized").GetInt32().ShouldBe(1);
    }
}
