namespace Pace.Cli.Tests.Specs;

/// <summary>Spec tasks whose agents repeat a token or write one into a file: the same redaction and diff scan as the feature loop.</summary>
public sealed class SpecSecretTests
{
    private const string Token = "ghp_1357924680abcdefghijKLMNOPQRST0spec99";

    [Fact]
    public async Task A_spec_task_that_writes_a_token_fails_and_no_pull_request_record_or_commit_holds_a_token_an_agent_said()
    {
        using var repo = new SpecRepo();
        repo.Behave("task-a", $"echo a > a.txt; mkdir -p tests; echo 'needs a.txt' > tests/a.test; echo \"pushed with {Token}\"; echo \"warning {Token}\" >&2");
        repo.Behave("task-c", $"echo c > c.txt; mkdir -p tests; echo 'needs c.txt' > tests/c.test; echo 'GITHUB={Token}' > deploy.env");

        var run = await repo.RunAsync("spec", "run", "demo", "--yes");

        run.Stdout.ShouldContain("[FAILED]", customMessage: run.ToString());
        run.Stdout.ShouldContain("the change contains a secret (GitHub token, deploy.env, line 1)");
        var records = string.Join("\n", Directory.EnumerateFiles(Path.Combine(repo.Folder, ".pace"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        records.ShouldContain("[REDACTED]");
        records.ShouldNotContain(Token);
        run.ToString().ShouldNotContain(Token);
        repo.Git("log", "--all", "-p").ShouldNotContain(Token);
        repo.Git("log", "--all", "--format=%H", "--", "deploy.env").ShouldNotBeEmpty();
    }
}
