using Pace.Cli.Tests.Faults;

namespace Pace.Cli.Tests.Loop;

/// <summary>
/// Secrets an agent repeats or writes: whatever the agent does with them, none leaves Pace (terminal,
/// --json, progress.txt, evidence, journals, commit messages, git history); [REDACTED] stands in.
/// </summary>
public sealed class SecretTests
{
    /// <summary>Given to the agent through pace.json's agent env (from a variable of Pace's whose name says nothing): secret by the agent variable's name.</summary>
    private const string ConfiguredKey = "svc-live-7f3a9c2e5b1d";

    /// <summary>In Pace's own environment; the agent does not get it, but repeats it as if it had found it.</summary>
    private const string ForgeToken = "ghp_0123456789abcdefghijABCDEFGHIJ0abcde";

    /// <summary>Shapes Pace knows nothing about but their form.</summary>
    private const string AnthropicKey = "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0";

    private const string AwsKeyId = "AKIAZ7Y6X5W4V3U2T1S0";

    private static readonly string[] All = [ConfiguredKey, ForgeToken, AnthropicKey, AwsKeyId];

    private static readonly Dictionary<string, string?> PaceEnvironment = new() { ["GITHUB_TOKEN"] = ForgeToken, ["SERVICE_SETTING"] = ConfiguredKey };

    private static LoopProject Project(params string[] ids)
    {
        var project = new LoopProject(ids);
        Sessions.Configure(project, "\"prompt\": \"stdin\"", "\"prompt\": \"stdin\", \"env\": { \"SERVICE_API_KEY\": \"${SERVICE_SETTING}\" }");
        return project;
    }

    /// <summary>An honest implementation by an agent that talks about every secret on stdout, stderr and in its final message.</summary>
    private static string Chatty(string id) => $"""
        echo "calling the service with $SERVICE_API_KEY, GitHub as {ForgeToken}"
        echo "warning: found {AnthropicKey} and {AwsKeyId} in the environment" >&2
        echo done > {id}.txt; echo 'needs {id}.txt' > tests/{id}.test
        echo "Done: {id} works with key $SERVICE_API_KEY, token {ForgeToken}, {AnthropicKey}, {AwsKeyId}"
        exit 0
        """;

    [Fact]
    public async Task Secrets_an_agent_repeats_reach_no_terminal_json_progress_log_evidence_or_git_history()
    {
        using var project = Project("A-1", "B-2");
        project.Behave("A-1", Chatty("A-1"));
        project.Behave("B-2", Chatty("B-2"));

        var plain = await project.RunAsync(PaceEnvironment, "run", "--max-sessions", "1");
        var json = await project.RunAsync(PaceEnvironment, "run", "--max-sessions", "1", "--json");
        var evidence = await project.RunAsync(PaceEnvironment, "evidence", "1");

        plain.ExitCode.ShouldBe(0, plain.ToString());
        json.ExitCode.ShouldBe(0, json.ToString());
        Sessions.Verdict(project, 1).Passed.ShouldBeTrue();
        Sessions.Verdict(project, 2).Passed.ShouldBeTrue();
        plain.Stdout.ShouldContain("[REDACTED]");
        project.Read("progress.txt").ShouldContain("[REDACTED]");
        project.Read(".pace/sessions/0001/evidence.json").ShouldContain("[REDACTED]");
        ShouldHoldNoSecret("the terminal", plain.ToString() + json + evidence);
        ShouldHoldNoSecret("Pace's records", Records(project));
        ShouldHoldNoSecret("git history", project.Git("log", "--all", "-p", "--format=%B"));
    }

    [Fact]
    public async Task An_agent_that_writes_keys_into_source_files_fails_its_session_and_nothing_is_committed()
    {
        using var project = Project("A-1");
        project.Behave("A-1", $"""
            echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test
            printf 'URL = "https://service.test"\nKEY = "%s"\n' "$SERVICE_API_KEY" > settings.py
            echo "{AnthropicKey}" > .env.example
            """);

        var run = await project.RunAsync(PaceEnvironment, "run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        var (passed, reasons) = Sessions.Verdict(project, 1);
        passed.ShouldBeFalse();
        reasons.ShouldContain("the change contains a secret (Anthropic API key, .env.example, line 1; a known secret value, settings.py, line 2)");
        run.Stdout.ShouldContain("the change contains a secret");
        project.Subjects().ShouldBe(["Configure Pace", "Initial project"]);
        project.Exists("settings.py").ShouldBeFalse();
        project.Git("show", "refs/pace/attempts/A-1/1:settings.py").ShouldContain("KEY = \"[REDACTED]\"");
        ShouldHoldNoSecret("the terminal", run.ToString());
        ShouldHoldNoSecret("Pace's records", Records(project));
        ShouldHoldNoSecret("git history", project.Git("log", "--all", "-p", "--format=%B"));
    }

    [Fact]
    public async Task A_fake_token_allowed_as_a_test_fixture_is_committed()
    {
        using var project = Project("A-1");
        Sessions.Configure(project, "\"session\":", $"\"secrets\": {{ \"allowValues\": [\"{AnthropicKey}\"], \"allowPaths\": [\"tests/fixtures/**\"] }}, \"session\":");
        project.Behave("A-1", $"""
            echo done > A-1.txt; echo 'needs A-1.txt' > tests/A-1.test
            echo 'FAKE = "{AnthropicKey}"' > test_auth.py
            mkdir -p tests/fixtures; echo '{AwsKeyId}' > tests/fixtures/aws.txt
            """);

        var run = await project.RunAsync(PaceEnvironment, "run", "--max-sessions", "1");

        run.ExitCode.ShouldBe(0, run.ToString());
        Sessions.Verdict(project, 1).Passed.ShouldBeTrue();
        project.Git("show", "HEAD:test_auth.py").ShouldContain(AnthropicKey);
        project.Git("show", "HEAD:tests/fixtures/aws.txt").ShouldContain(AwsKeyId);
    }

    private static void ShouldHoldNoSecret(string where, string text)
    {
        foreach (var secret in All)
        {
            text.ShouldNotContain(secret, customMessage: $"{where} shows a secret");
        }
    }

    /// <summary>Every file Pace wrote: .pace/ (state, journals, evidence, transcripts, check logs) and progress.txt.</summary>
    private static string Records(LoopProject project) =>
        string.Join("\n", Directory.EnumerateFiles(Path.Combine(project.Folder, ".pace"), "*", SearchOption.AllDirectories).Select(File.ReadAllText))
        + (project.Exists("progress.txt") ? project.Read("progress.txt") : "");
}
