namespace Pace.Cli.Tests.Loop;

public sealed class FeedbackTests
{
    [Fact]
    public async Task A_retry_is_told_why_the_previous_attempt_failed_and_where_its_work_is()
    {
        using var project = new LoopProject("A-1");
        project.Behave("A-1", "printf '%s' \"$prompt\" > \"$dir/prompt-1.txt\"; echo half > A-1.txt; echo fail > tests/A-1.test", attempt: 1);
        project.Behave("A-1", "printf '%s' \"$prompt\" > \"$dir/prompt-2.txt\"; echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test", attempt: 2);

        var run = await project.RunAsync("run", "--until-complete");

        run.ExitCode.ShouldBe(0, run.ToString());
        File.ReadAllText(Path.Combine(project.AgentFolder, "prompt-1.txt")).ShouldContain("(none: this is the first attempt at this feature)");
        var retry = File.ReadAllText(Path.Combine(project.AgentFolder, "prompt-2.txt"));
        retry.ShouldContain("Session 1 worked on this feature and failed Pace's verification:");
        retry.ShouldContain("- check 'tests' failed with exit code 1");
        retry.ShouldContain("The end of the output of 'sh check.sh':");
        retry.ShouldContain("    1 passed, 1 failed");
        retry.ShouldContain("Its work is kept on refs/pace/attempts/A-1/1");
    }
}
