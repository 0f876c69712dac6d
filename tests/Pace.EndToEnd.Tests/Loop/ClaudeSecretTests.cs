using Pace.EndToEnd.Tests.Agents;
using Pace.EndToEnd.Tests.ModelServer;

namespace Pace.EndToEnd.Tests.Loop;

/// <summary>The real Claude Code, steered by the scripted model into repeating its API key and a token, and into writing the key into a file.</summary>
public sealed class ClaudeSecretTests(AgentClis clis)
{
    /// <summary>A GitHub token Pace knows nothing about but its shape.</summary>
    private const string Token = "ghp_9876543210zyxwvutsrqZYXWVUTSRQ0e2e42";

    [Fact(Timeout = 180_000)]
    public async Task A_key_Claude_Code_repeats_reaches_no_output_and_a_key_it_writes_into_a_file_is_not_committed()
    {
        await using var project = await PaceProject.CreateAsync(clis,
        [
            new("CL-1", "greet.sh prints hello", "SCRIPT-CLAUDE-CHATTY"),
            new("CL-2", "config.sh holds the settings", "SCRIPT-CLAUDE-WRITES-KEY"),
        ]);
        var key = project.Sandbox.ApiKey;
        project.Script("SCRIPT-CLAUDE-CHATTY",
            new RunShell($"echo calling the API with {key} and {Token}") { Text = $"My key is {key}; I also found {Token}." },
            new WriteFile(project.PathOf("greet.sh"), "echo hello\n"),
            new WriteFile(project.PathOf("tests/greet.sh"), "[ \"$(sh greet.sh)\" = hello ]\n"),
            new Say($"CL-1 done with {key} and {Token}; all tests pass."));
        project.Script("SCRIPT-CLAUDE-WRITES-KEY",
            new WriteFile(project.PathOf("config.sh"), $"API_URL=http://model.test\nAPI_KEY={key}\n"),
            new WriteFile(project.PathOf("tests/config.sh"), "[ -f config.sh ]\n"),
            new Say("CL-2 done; all tests pass."));

        var run = await project.RunAsync("run", "--max-sessions", "2");
        var evidence = await project.RunAsync("evidence", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        (await project.SubjectsAsync()).ShouldBe(["feat(core): CL-1 - greet.sh prints hello", "sample project", "init"]);
        var passed = await project.EvidenceAsync(1);
        passed.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeTrue();
        passed.GetProperty("agentMessage").GetString().ShouldBe("CL-1 done with [REDACTED] and [REDACTED]; all tests pass.");
        var failed = await project.EvidenceAsync(2);
        failed.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
        PaceProject.Strings(failed.GetProperty("verdict").GetProperty("reasons"))
            .ShouldContain(r => r.StartsWith("the change contains a secret (a known secret value, config.sh, line 2)", StringComparison.Ordinal));
        project.Exists("config.sh").ShouldBeFalse();
        (await project.GitAsync("show", "refs/pace/attempts/CL-2/2:config.sh")).ShouldBe("API_URL=http://model.test\nAPI_KEY=[REDACTED]\n");
        run.Stdout.ShouldContain("[REDACTED]");
        foreach (var secret in (string[])[key, Token])
        {
            run.ToString().ShouldNotContain(secret);
            evidence.ToString().ShouldNotContain(secret);
            project.Read("progress.txt").ShouldNotContain(secret);
            foreach (var file in Directory.EnumerateFiles(project.PathOf(".pace"), "*", SearchOption.AllDirectories))
            {
                File.ReadAllText(file).ShouldNotContain(secret, customMessage: file);
            }

            (await project.GitAsync("log", "-p", "--all")).ShouldNotContain(secret);
        }
    }
}
