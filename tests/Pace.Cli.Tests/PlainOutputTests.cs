namespace Pace.Cli.Tests;

/// <summary>Output into a pipe is plain lines: no colour codes, no box drawing, stable for scripts.</summary>
public sealed class PlainOutputTests
{
    private static void ShouldBePlain(string text)
    {
        text.ShouldNotContain("\u001b[");
        text.ShouldNotContain("│");
        text.ShouldNotContain("█");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("progress")]
    public async Task I_get_plain_lines_of_progress_when_the_output_is_redirected(string command)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var run = await Pace.RunAsync(folder.Path, command);

        run.ExitCode.ShouldBe(0, run.ToString());
        ShouldBePlain(run.Stdout);
        run.Stdout.ShouldBe("Project: demo\nProgress: 1/4 (25.0%)\nPassing: 1\nFailing: 3\nNext: CRIT-1 (critical) Feature CRIT-1\n");
        run.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task I_get_the_next_feature_with_its_steps_as_plain_lines()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var run = await Pace.RunAsync(folder.Path, "next");

        run.ExitCode.ShouldBe(0, run.ToString());
        ShouldBePlain(run.Stdout);
        run.Stdout.ShouldBe("Next: CRIT-1 (critical) Feature CRIT-1\nCategory: auth\n  1. check CRIT-1\n  2. then more\nProgress: 1/4 (25.0%), 3 remaining\n");
    }

    [Fact]
    public async Task I_am_told_in_plain_words_when_every_feature_passes()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.AllPassing());

        (await Pace.RunAsync(folder.Path, "next")).Stdout.ShouldBe("All features pass (2/2).\n");
        (await Pace.RunAsync(folder.Path, "status")).Stdout.ShouldEndWith("All features pass.\n");
    }

    [Fact]
    public async Task I_get_the_change_of_an_update_as_plain_lines()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.PlainArray());

        var run = await Pace.RunAsync(folder.Path, "update", "F002", "pass");
        var again = await Pace.RunAsync(folder.Path, "update", "F002", "pass");

        run.Stdout.ShouldBe("F002: failing -> passing\nProgress: 2/2 (100.0%)\n");
        again.Stdout.ShouldBe("F002: already passing, nothing changed\nProgress: 2/2 (100.0%)\n");
    }

    [Fact]
    public async Task I_get_each_problem_of_a_validation_on_its_own_line_with_file_line_and_column()
    {
        using var folder = new TempFolder();
        var path = folder.Write(SampleLists.FileName, SampleLists.PlainArray().Replace("\"passes\": false", "\"passes\": \"no\"").Replace("\"steps\": [\"s\"], \"passes\": true", "\"passes\": true"));

        var run = await Pace.RunAsync(folder.Path, "validate");

        run.ExitCode.ShouldBe(2, run.ToString());
        ShouldBePlain(run.Stdout);
        run.Stdout.ShouldBe(
            $"{path}:3:72: error: [1]: \"passes\" must be true or false; found a string\n"
            + $"{path}:2:3: warning: [0] has no verification steps\n"
            + $"{path}: invalid (1 error, 1 warning)\n");
    }

    [Fact]
    public async Task I_get_a_one_line_verdict_for_a_valid_list()
    {
        using var folder = new TempFolder();
        var path = folder.Write(SampleLists.FileName, SampleLists.Standard());

        var run = await Pace.RunAsync(folder.Path, "validate");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldBe($"{path}: valid (pace format, 4 features, 0 warnings)\n");
    }
}
