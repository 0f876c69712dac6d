namespace Pace.Cli.Tests.Loop;

public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_plans_and_builds_the_example_offline_and_catches_the_persona_the_false_claim_and_the_phantom_completion()
    {
        using var temp = new TempFolder();
        using var project = new LoopProject();
        var target = Path.Combine(temp.Path, "demo");

        var run = await project.RunAsync("demo", "--folder", target);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("SCRIPTED agent");
        // The plan: the first answer takes a persona for work and is sent back; the second is written.
        run.Stderr.ShouldContain("(\"WRITER\"): \"As a writer\" looks like a persona, not work");
        run.Stderr.ShouldContain("pace plan: 2 problems in answer 1; sent back to the agent");
        run.Stdout.ShouldContain("pace plan: wrote the plan to " + Path.Combine(target, "feature_list.json") + " (4 items, answer 2)");
        run.Stdout.ShouldContain("claims success: Done, all tests pass.");
        // The phantom completion: no code, a test that passes without it, a claim of success.
        run.Stdout.ShouldContain("claims success: Done, feature implemented and tested.");
        run.Stdout.ShouldContain("the session's tests pass without its code (the checks passed on the base with only its test files applied: tests/test_top_word.py)");
        run.Stdout.ShouldContain("Progress: 4/4 (100.0%)");
        var git = new LoopProjectGit(target);
        git.Subjects().ShouldBe([
            "feat(report): REPORT-002 - Summarise a text as one line: words, lines, top word",
            "feat(report): REPORT-001 - Name the most frequent word, ignoring case",
            "feat(core): CORE-002 - Count the lines in a text",
            "feat(core): CORE-001 - Count the words in a text",
            "The plan, checked by Pace",
            "The example project before Pace",
        ]);
        git.Run("for-each-ref", "--format=%(refname)", "refs/pace/").Trim().Split('\n').ShouldBe(["refs/pace/attempts/CORE-002/2", "refs/pace/attempts/REPORT-001/4"]);
        git.Run("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
    }
}
