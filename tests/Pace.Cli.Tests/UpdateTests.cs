using System.Text.Json;

namespace Pace.Cli.Tests;

public sealed class UpdateTests
{
    public static readonly TheoryData<string, string, string, string> RefusedLists = new()
    {
        // name, list text, id to update, the place "line:column" the message must name ("" when there is none)
        { "unknown id", SampleLists.Standard(), "NOPE-1", "" },
        { "malformed json", SampleLists.Standard().Replace("\"MED-1\", \"category\"", "\"MED-1\" \"category\""), "LOW-1", ":6:20:" },
        { "wrong type", SampleLists.Standard().Replace("\"steps\": [\"check HIGH-1\", \"then more\"], \"passes\": true", "\"steps\": [\"check HIGH-1\", \"then more\"], \"passes\": \"yes\""), "LOW-1", ":5:145:" },
        { "duplicate id", SampleLists.Standard().Replace("\"id\": \"MED-1\"", "\"id\": \"LOW-1\""), "LOW-1", ":6:12:" },
        { "truncated", SampleLists.Standard()[..300], "LOW-1", ":4:" },
    };

    [Theory]
    [MemberData(nameof(RefusedLists))]
    public async Task I_get_exit_code_2_and_an_unchanged_file_when_an_update_is_refused(string name, string text, string id, string place)
    {
        using var folder = new TempFolder();
        var path = folder.Write(SampleLists.FileName, text);
        var before = folder.Bytes(SampleLists.FileName);

        var run = await Pace.RunAsync(folder.Path, "update", id, "pass");

        run.ExitCode.ShouldBe(2, name + "\n" + run);
        run.Stdout.ShouldBeEmpty();
        run.Stderr.ShouldContain(path + place);
        run.Stderr.ShouldContain("nothing was changed");
        folder.Bytes(SampleLists.FileName).ShouldBe(before);
        folder.Files().ShouldBe([SampleLists.FileName]);
    }

    [Theory]
    [MemberData(nameof(RefusedLists))]
    public async Task I_get_a_json_error_and_an_unchanged_file_when_a_json_update_is_refused(string name, string text, string id, string place)
    {
        using var folder = new TempFolder();
        var path = folder.Write(SampleLists.FileName, text);

        var run = await Pace.RunAsync(folder.Path, "update", id, "fail", "--json");

        run.ExitCode.ShouldBe(2, name + "\n" + run);
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("success").GetBoolean().ShouldBeFalse();
        json.RootElement.GetProperty("error").GetString()!.ShouldStartWith(path);
        if (place.Length > 0)
        {
            var error = json.RootElement.GetProperty("errors")[0];
            error.GetProperty("file").GetString().ShouldBe(path);
            $"{path}:{error.GetProperty("line").GetInt32()}:{error.GetProperty("column").GetInt32()}:".ShouldStartWith(path + place);
        }

        folder.Text(SampleLists.FileName).ShouldBe(text);
        folder.Files().ShouldBe([SampleLists.FileName]);
    }

    [Fact]
    public async Task I_get_exit_code_2_and_an_unchanged_file_when_the_override_cannot_be_recorded()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());
        folder.Write(".pace", "a file where Pace's folder should be\n");
        var before = folder.Bytes(SampleLists.FileName);

        var run = await Pace.RunAsync(folder.Path, "update", "LOW-1", "pass");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("cannot record the manual override");
        folder.Bytes(SampleLists.FileName).ShouldBe(before);
        folder.Files().ShouldBe([".pace", SampleLists.FileName]);
    }

    [Fact]
    public async Task I_keep_the_previous_file_as_bak_when_an_update_succeeds()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());
        var before = folder.Bytes(SampleLists.FileName);

        var run = await Pace.RunAsync(folder.Path, "update", "LOW-1", "pass");

        run.ExitCode.ShouldBe(0, run.ToString());
        folder.Files().ShouldBe([".pace/overrides.jsonl", SampleLists.FileName, SampleLists.FileName + ".bak"]);
        folder.Bytes(SampleLists.FileName + ".bak").ShouldBe(before);
        var after = folder.Text(SampleLists.FileName);
        after.ShouldContain("\"id\": \"LOW-1\", \"category\": \"core\", \"description\": \"Feature LOW-1\", \"priority\": \"low\", \"steps\": [\"check LOW-1\", \"then more\"], \"passes\": true, \"owner\": \"x\"");
        after.ShouldContain("\"total_features\": 4,\n    \"passing\": 2,\n    \"failing\": 2,\n    \"last_updated\": \"");
    }

    [Fact]
    public async Task I_keep_a_bak_of_the_file_as_it_was_just_before_the_last_update()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        (await Pace.RunAsync(folder.Path, "update", "LOW-1", "pass")).ExitCode.ShouldBe(0);
        var middle = folder.Bytes(SampleLists.FileName);
        (await Pace.RunAsync(folder.Path, "update", "LOW-1", "fail")).ExitCode.ShouldBe(0);

        folder.Bytes(SampleLists.FileName + ".bak").ShouldBe(middle);
    }

    [Theory]
    [InlineData("PASS", "FAIL")]
    [InlineData("Pass", "Fail")]
    [InlineData("pAsS", "fAIL")]
    public async Task Update_ID_PASS_in_any_case_is_accepted_as_the_seed_accepts_it(string pass, string fail)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var passed = await Pace.RunAsync(folder.Path, "update", "LOW-1", pass, "--json");
        var failed = await Pace.RunAsync(folder.Path, "update", "HIGH-1", fail);

        passed.ExitCode.ShouldBe(0, passed.ToString());
        using (var json = JsonDocument.Parse(passed.Stdout))
        {
            (json.RootElement.GetProperty("changed").GetBoolean(), json.RootElement.GetProperty("newStatus").GetString()).ShouldBe((true, "passing"));
        }

        failed.ExitCode.ShouldBe(0, failed.ToString());
        failed.Stdout.ShouldStartWith("HIGH-1: passing -> failing");
        var after = folder.Text(SampleLists.FileName);
        after.ShouldContain("\"id\": \"LOW-1\", \"category\": \"core\", \"description\": \"Feature LOW-1\", \"priority\": \"low\", \"steps\": [\"check LOW-1\", \"then more\"], \"passes\": true");
        after.ShouldContain("\"id\": \"HIGH-1\", \"category\": \"core\", \"description\": \"Feature HIGH-1\", \"priority\": \"high\", \"steps\": [\"check HIGH-1\", \"then more\"], \"passes\": false");
    }

    [Fact]
    public async Task I_change_nothing_and_keep_no_bak_when_the_feature_already_has_that_status()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var run = await Pace.RunAsync(folder.Path, "update", "HIGH-1", "pass");

        run.ExitCode.ShouldBe(0, run.ToString());
        folder.Text(SampleLists.FileName).ShouldBe(SampleLists.Standard());
        folder.Files().ShouldBe([SampleLists.FileName]);
    }

    [Fact]
    public void I_find_each_manual_override_recorded_in_the_override_log()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        Pace.RunInProcess(folder.Path, "update", "CRIT-1", "pass").ExitCode.ShouldBe(0);
        Pace.RunInProcess(folder.Path, "update", "HIGH-1", "fail").ExitCode.ShouldBe(0);

        folder.Text(".pace/overrides.jsonl").ShouldBe(
            "{\"at\":\"2026-05-06T07:08:09.000Z\",\"featureId\":\"CRIT-1\",\"from\":\"failing\",\"to\":\"passing\",\"by\":\"pace update\"}\n"
            + "{\"at\":\"2026-05-06T07:08:09.000Z\",\"featureId\":\"HIGH-1\",\"from\":\"passing\",\"to\":\"failing\",\"by\":\"pace update\"}\n");
        folder.Text(SampleLists.FileName).ShouldContain("\"last_updated\": \"2026-05-06T07:08:09.000Z\"");
    }

    [Fact]
    public void I_find_an_id_with_quotes_backslashes_and_control_characters_recorded_as_it_is()
    {
        using var folder = new TempFolder();
        const string id = "Q\"1\\é\t";
        folder.Write(SampleLists.FileName, SampleLists.Standard().Replace("\"CRIT-1\"", "\"Q\\\"1\\\\é\\t\"", StringComparison.Ordinal));

        Pace.RunInProcess(folder.Path, "update", id, "pass").ExitCode.ShouldBe(0);

        using var line = System.Text.Json.JsonDocument.Parse(folder.Text(".pace/overrides.jsonl"));
        line.RootElement.GetProperty("featureId").GetString().ShouldBe(id);
    }

    [Theory]
    [InlineData("update", "LOW-1", "done")]
    [InlineData("update", "LOW-1")]
    [InlineData("update")]
    [InlineData("frobnicate")]
    [InlineData("status", "--no-such-option")]
    public async Task I_get_exit_code_2_for_a_command_line_pace_does_not_understand(params string[] args)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var run = await Pace.RunAsync(folder.Path, args);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("Run 'pace --help' for usage.");
        folder.Files().ShouldBe([SampleLists.FileName]);
    }
}
