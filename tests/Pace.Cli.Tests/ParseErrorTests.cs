namespace Pace.Cli.Tests;

/// <summary>
/// A malformed feature list is reported with its place and what is wrong in words, the same from the
/// JIT build and the native one (whose System.Text.Json messages are bare resource keys).
/// </summary>
public sealed class ParseErrorTests
{
    [Fact]
    public async Task A_feature_list_missing_a_comma_is_reported_in_words_not_as_FoundInvalidCharacter()
    {
        using var folder = new TempFolder();
        var path = folder.Write(SampleLists.FileName, SampleLists.Standard().Replace("\"MED-1\", \"category\"", "\"MED-1\" \"category\""));

        var run = await Pace.RunAsync(folder.Path, "validate");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stdout.ShouldContain($"{path}:6:20: error: invalid JSON: expected ',' or a closing '}}' or ']' after the value but found '\"' (a comma missing?)");
        run.Stdout.ShouldNotContain("FoundInvalidCharacter");
    }

    [Fact]
    public async Task A_cut_short_feature_list_is_reported_in_words_not_as_ZeroDepthAtEnd()
    {
        using var folder = new TempFolder();
        var text = SampleLists.Standard();
        var path = folder.Write(SampleLists.FileName, text[..text.IndexOf("\n  ],", StringComparison.Ordinal)]);

        var run = await Pace.RunAsync(folder.Path, "update", "LOW-1", "pass");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain($"{path}:");
        run.Stderr.ShouldContain("error: invalid JSON: the file ends before every object and array is closed; it may have been cut short");
        run.Stderr.ShouldNotContain("ZeroDepthAtEnd");
    }
}
