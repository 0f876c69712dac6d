using System.Text;
using System.Text.RegularExpressions;

namespace Pace.Cli.Tests;

/// <summary>
/// A list of megabytes, which a pace process of one hot command reads into huge pages with the
/// collector held (src/Pace.Adapters/Storage/FileBytes.cs, FastPath.PrepareShortProcess), gives
/// the same answers and the same saved bytes as the same commands in this process, which read it
/// into an ordinary array.
/// </summary>
public sealed partial class LargeListTests
{
    [Theory]
    [InlineData("next --json")]
    [InlineData("status --json")]
    [InlineData("validate --json")]
    [InlineData("next")]
    public async Task I_get_the_same_answer_about_a_list_of_megabytes_from_a_pace_process(string arguments)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, LargeList());
        var args = arguments.Split(' ');

        var process = await Pace.RunAsync(folder.Path, args);
        var inProcess = Pace.RunInProcess(folder.Path, args);

        process.ExitCode.ShouldBe(0, process.ToString());
        process.ShouldBe(inProcess);
    }

    [Fact]
    public async Task I_get_the_same_saved_list_from_an_update_of_a_list_of_megabytes_by_a_pace_process()
    {
        using var byProcess = new TempFolder();
        using var inProcess = new TempFolder();
        var original = LargeList();
        byProcess.Write(SampleLists.FileName, original);
        inProcess.Write(SampleLists.FileName, original);
        string[] args = ["update", "L-3001", "pass", "--json"];

        var process = await Pace.RunAsync(byProcess.Path, args);
        var local = Pace.RunInProcess(inProcess.Path, args);

        process.ExitCode.ShouldBe(0, process.ToString());
        process.Stdout.ShouldBe(local.Stdout);
        process.Stdout.ShouldContain("3001: the user can do one more useful thing");
        Stamp().Replace(byProcess.Text(SampleLists.FileName), "").ShouldBe(Stamp().Replace(inProcess.Text(SampleLists.FileName), ""));
        byProcess.Text(SampleLists.FileName).ShouldNotBe(original);
        byProcess.Text(SampleLists.FileName + ".bak").ShouldBe(original);
    }

    /// <summary>About 2 MB: 6,000 features with escapes and text beyond ASCII here and there.</summary>
    private static string LargeList()
    {
        var text = new StringBuilder("{\n  \"features\": [\n");
        for (var i = 1; i <= 6000; i++)
        {
            var id = i % 997 == 0 ? $"L\\u002D{i}" : $"L-{i}";
            var description = i % 3 == 0 ? $"Caf\\u00e9 {i}: the user can do one more thing \\\"quoted\\\"" : $"Café {i}: the user can do one more useful thing with the product";
            var priority = (i % 4) switch { 0 => "critical", 1 => "high", 2 => "medium", _ => "low" };
            text.Append($$"""
                    {
                      "id": "{{id}}",
                      "category": "{{(i % 5 == 0 ? "\\u00fcber" : "core")}}",
                      "description": "{{description}}",
                      "priority": "{{priority}}",
                      "steps": ["Open screen {{i}}", "Do the thing", "See the result \\u2713"],
                      "passes": {{(i < 3000 ? "true" : "false")}}
                    }{{(i == 6000 ? "" : ",")}}

                """);
        }

        text.Append("  ],\n  \"metadata\": { \"project_name\": \"large\", \"last_updated\": \"2026-01-01T00:00:00.000Z\" }\n}\n");
        return text.ToString();
    }

    [GeneratedRegex("\"last_updated\": \"[^\"]*\"")]
    private static partial Regex Stamp();
}
