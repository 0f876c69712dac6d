namespace Pace.Cli.Tests.Loop;

public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_builds_the_example_offline_and_catches_the_false_claim()
    {
        using var temp = new TempFolder();
        using var project = new LoopProject();
        var target = Path.Combine(temp.Path, "demo");

        var run = await project.RunAsync("demo", "--folder", target);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("SCRIPTED agent");
        run.Stdout.ShouldContain("claims success: Done, all tests pass.");
        run.Stdout.ShouldContain("Progress: 4/4 (100.0%)");
        var git = new LoopProjectGit(target);
        git.Subjects().ShouldBe([
            "feat(report): REPORT-002 - Summarise a text as one line: words, lines, top word",
            "feat(report): REPORT-001 - Name the most frequent word, ignoring case",
            "feat(core): CORE-002 - Count the lines in a text",
            "feat(core): CORE-001 - Count the words in a text",
            "The example project before Pace",
        ]);
        git.Run("for-each-ref", "--format=%(refname)", "refs/pace/").Trim().ShouldBe("refs/pace/attempts/CORE-002/2");
    }
}
