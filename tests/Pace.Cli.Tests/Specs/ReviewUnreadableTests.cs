namespace Pace.Cli.Tests.Specs;

public sealed class ReviewUnreadableTests
{
    [Fact]
    public async Task A_reviewer_agent_whose_verdict_cannot_be_read_is_asked_once_more_and_then_the_review_fails_with_the_reason()
    {
        using var repo = new SpecRepo();
        File.WriteAllText(Path.Combine(repo.AgentFolder, "reviewer.sh"), """
            #!/bin/sh
            prompt=$(cat)
            wave=$(printf '%s\n' "$prompt" | sed -n 's/^Wave: \([0-9]*\).*/\1/p' | head -n 1)
            echo "review wave $wave" >> "$(dirname "$0")/sessions.log"
            echo "Looks fine to me, ship it."
            """);
        // Without the second ask failing the review, the run would poll for this minute and exit 3.
        repo.Write("pace.json", repo.Read("pace.json").Replace("\"pollIntervalSeconds\": 1", "\"pollIntervalSeconds\": 1, \"maxPollMinutes\": 1", StringComparison.Ordinal));
        repo.Git("commit", "-qam", "poll for a minute at most");

        var run = await repo.RunAsync("spec", "run", "demo");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("[FAILED] Wave 1 of 3 failed: wave 1: the review of PR #1 failed: the reviewer agent reviewer was asked 2 times about");
        run.Stdout.ShouldContain("no answer was a readable verdict");
        repo.Sessions().Split('\n').Count(l => l == "review wave 1").ShouldBe(2);
        repo.State().GetProperty("phase").GetString().ShouldBe("FAILED");
        File.ReadAllText(Path.Combine(repo.Folder, ".pace", "forge", "pulls", "1.json")).Split("\"Unreadable\"").Length.ShouldBe(3);
    }
}
