namespace Pace.Cli.Tests.Specs;

/// <summary>A spec task's own <c>verify</c> commands, judged by the same verified session as a feature's.</summary>
public sealed class SpecAcceptanceTests
{
    [Fact]
    public async Task A_task_whose_verify_already_passes_on_the_base_fails_with_that_reason_and_one_that_fails_after_is_named()
    {
        using var repo = new SpecRepo();
        var spec = repo.Read("specs/demo.json")
            .Replace("{ \"id\": \"a\", \"title\": \"Task a\" }", "{ \"id\": \"a\", \"title\": \"Task a\", \"verify\": \"test -f specs/demo.json\" }", StringComparison.Ordinal)
            .Replace("{ \"id\": \"b\", \"title\": \"Task b\" }", "{ \"id\": \"b\", \"title\": \"Task b\", \"verify\": [\"test -f b.txt\", \"test -f nowhere.txt\"] }", StringComparison.Ordinal);
        repo.Write("specs/demo.json", spec);
        repo.Git("commit", "-qam", "verify for a and b");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("the item's own checks already pass on the base, so they prove nothing about this session: 'verify' (test -f specs/demo.json)");
        run.Stdout.ShouldContain("check 'verify 2' failed with exit code 1");
        run.Stdout.ShouldNotContain("check 'verify 1' failed");
    }
}
