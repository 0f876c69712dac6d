namespace Pace.Cli.Tests;

/// <summary><c>status --check</c> is for hooks: exit 2 while work is left, 0 when every feature passes.</summary>
public sealed class CheckTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("progress")]
    public async Task I_get_exit_code_2_from_check_while_features_still_fail(string command)
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        var run = await Pace.RunAsync(folder.Path, command, "--check");
        var json = await Pace.RunAsync(folder.Path, command, "--check", "--json");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stdout.ShouldStartWith("Project: demo");
        run.Stderr.ShouldBe("Continue to: CRIT-1 - Feature CRIT-1\n");
        json.ExitCode.ShouldBe(2, json.ToString());
        json.Stdout.ShouldContain("\"isComplete\": false");
    }

    [Fact]
    public async Task I_get_exit_code_0_from_check_when_every_feature_passes()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        foreach (var id in new[] { "LOW-1", "CRIT-1", "MED-1" })
        {
            (await Pace.RunAsync(folder.Path, "status", "--check")).ExitCode.ShouldBe(2);
            (await Pace.RunAsync(folder.Path, "update", id, "pass")).ExitCode.ShouldBe(0);
        }

        var run = await Pace.RunAsync(folder.Path, "status", "--check");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stderr.ShouldBeEmpty();
        run.Stdout.ShouldContain("All features pass.");
    }

    [Fact]
    public async Task I_get_exit_code_0_from_status_without_check_while_features_fail()
    {
        using var folder = new TempFolder();
        folder.Write(SampleLists.FileName, SampleLists.Standard());

        (await Pace.RunAsync(folder.Path, "status")).ExitCode.ShouldBe(0);
    }
}
