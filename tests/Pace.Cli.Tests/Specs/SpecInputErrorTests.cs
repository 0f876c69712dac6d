using System.Text.Json;

namespace Pace.Cli.Tests.Specs;

/// <summary>
/// What a person reads when a spec, its state or pace.json cannot be used: the problem in words
/// (System.Text.Json's resource keys are what the native build would otherwise print), and with
/// --json an error object of the spec commands' own, naming the spec and each problem's task.
/// </summary>
public sealed class SpecInputErrorTests
{
    private static readonly string[] ResourceKeys = ["FoundInvalidCharacter", "ExpectedStartOfValueNotFound", "ZeroDepthAtEnd", "LineNumber", "Path: $"];

    [Fact]
    public async Task Parse_errors_of_pace_json_the_spec_and_its_state_say_what_is_wrong_in_words()
    {
        using var repo = new SpecRepo();
        var config = repo.Read("pace.json");
        var spec = repo.Read("specs/demo.json");

        repo.Write("pace.json", config.Replace("\"agent\": \"script\",", "\"agent\": \"script\""));
        var badConfig = await repo.RunAsync("spec", "run", "demo");
        repo.Write("pace.json", config);
        repo.Write("specs/demo.json", spec.Replace("{ \"id\": \"a\", \"title\": \"Task a\" }", "{ \"id\": \"a\", \"title\": \"Task a\" ]"));
        var badSpec = await repo.RunAsync("spec", "status", "demo");
        repo.Write("specs/demo.json", spec);
        repo.Write(".pace/specs/demo/state.json", "{\n  \"version\": \"1.0\",\n  \"spec_name\": \"demo\",\n");
        var badState = await repo.RunAsync("spec", "status", "demo");

        ShouldSayInWords(badConfig, "pace.json:4:", "expected ',' or a closing '}' or ']' after the value but found '\"' (a comma missing?)");
        ShouldSayInWords(badSpec, "demo.json:4:", "']' does not close the bracket that is open");
        ShouldSayInWords(badState, "state.json:", "it may have been cut short");
    }

    [Fact]
    public async Task Spec_json_errors_name_the_spec_and_the_task_not_a_feature()
    {
        using var repo = new SpecRepo();
        repo.Write("specs/demo.json", repo.Read("specs/demo.json").Replace("\"depends_on\": [\"a\"]", "\"depends_on\": [\"c\"]"));

        var run = await repo.RunAsync("spec", "status", "demo", "--json");

        run.ExitCode.ShouldBe(2, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var json = document.RootElement;
        json.EnumerateObject().Select(p => p.Name).ShouldBe(["success", "spec", "error", "errors"]);
        json.GetProperty("success").GetBoolean().ShouldBeFalse();
        json.GetProperty("spec").GetString().ShouldBe("demo");
        var error = json.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("field").GetString() == "depends_on");
        error.EnumerateObject().Select(p => p.Name).ShouldBe(["task", "field", "message", "file", "line", "column"]);
        error.GetProperty("task").GetString().ShouldBe("c");
        error.GetProperty("file").GetString()!.ShouldEndWith("demo.json");
    }

    private static void ShouldSayInWords(PaceRun run, string place, string words)
    {
        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain(place, Case.Sensitive, run.ToString());
        run.Stderr.ShouldContain(words, Case.Sensitive, run.ToString());
        foreach (var key in ResourceKeys)
        {
            run.Stderr.ShouldNotContain(key, Case.Sensitive, run.ToString());
        }
    }
}
