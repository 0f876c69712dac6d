using System.Text.Json;

namespace Pace.Cli.Tests.Loop;

/// <summary>
/// Proof of done on a project with only a project-wide test command: a feature passes only when the
/// session's tests fail on the base without its code and pass with it (red, then green).
/// </summary>
public sealed class ProofTests
{
    private static IReadOnlyList<JsonElement> Sessions(PaceRun run)
    {
        using var summary = JsonDocument.Parse(run.Stdout);
        return [.. summary.RootElement.GetProperty("sessions").EnumerateArray().Select(s => s.Clone())];
    }

    private static IReadOnlyList<string?> Reasons(JsonElement session) =>
        [.. session.GetProperty("reasons").EnumerateArray().Select(r => r.GetString())];

    private static JsonElement Proof(LoopProject project, int session)
    {
        using var evidence = JsonDocument.Parse(project.Read($".pace/sessions/{session:D4}/evidence.json"));
        return evidence.RootElement.GetProperty("proof").Clone();
    }

    private static void NoProofTreeLeft(LoopProject project)
    {
        var trees = Path.Combine(project.Folder, ".git", "pace-proof");
        (Directory.Exists(trees) ? Directory.EnumerateFileSystemEntries(trees).ToList() : []).ShouldBeEmpty();
        project.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task A_lazy_agent_that_touches_an_unrelated_file_and_claims_success_passes_no_feature()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Behave("A-1", "echo 'A-1 is done' >> notes.md");
        project.Behave("B-2", "echo 'B-2 is done' >> notes.md");

        var run = await project.RunAsync("run", "--max-sessions", "4", "--json");

        run.ExitCode.ShouldBe(1, run.ToString());
        var sessions = Sessions(run);
        sessions.ShouldAllBe(s => !s.GetProperty("passed").GetBoolean());
        sessions.ShouldAllBe(s => s.GetProperty("agentClaimedSuccess").GetBoolean());
        Reasons(sessions[0]).ShouldContain(r => r!.StartsWith("the session added or changed no test (looked for tests/**", StringComparison.Ordinal));
        project.Subjects().ShouldBe(["Initial project"]);
        project.Read("feature_list.json").ShouldNotContain("\"passes\": true");
    }

    [Fact]
    public async Task A_vacuous_test_agent_whose_test_passes_without_the_code_passes_no_feature()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Behave("A-1", "echo done > A-1.txt; echo pass > tests/A-1.test");
        project.Behave("B-2", "echo pass > tests/B-2.test");

        var run = await project.RunAsync("run", "--max-sessions", "4", "--json");

        run.ExitCode.ShouldBe(1, run.ToString());
        var sessions = Sessions(run);
        sessions.ShouldAllBe(s => !s.GetProperty("passed").GetBoolean());
        Reasons(sessions[0]).ShouldContain(
            "the session's tests pass without its code (the checks passed on the base with only its test files applied: tests/A-1.test): they do not show that it built the item");
        var proof = Proof(project, 1);
        proof.GetProperty("rule").GetString().ShouldBe("red-green");
        proof.GetProperty("redRun")[0].GetProperty("exitCode").GetInt32().ShouldBe(0);
        project.Subjects().ShouldBe(["Initial project"]);
        NoProofTreeLeft(project);
    }

    [Fact]
    public async Task An_honest_agent_passes_every_feature_with_its_red_run_in_the_evidence_and_no_temporary_tree_left()
    {
        using var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Implements("B-2");

        var run = await project.RunAsync("run", "--until-complete", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        Sessions(run).ShouldAllBe(s => s.GetProperty("passed").GetBoolean());
        var proof = Proof(project, 1);
        proof.GetProperty("rule").GetString().ShouldBe("red-green");
        proof.GetProperty("testFiles").EnumerateArray().Select(f => f.GetString()).ShouldBe(["tests/A-1.test"]);
        var red = proof.GetProperty("redRun")[0];
        red.GetProperty("exitCode").GetInt32().ShouldBe(1);
        red.GetProperty("outputTail").GetString()!.ShouldContain("1 passed, 1 failed");
        project.Subjects().ShouldBe(["feat(core): B-2 - Feature B-2", "feat(core): A-1 - Feature A-1", "Initial project"]);
        NoProofTreeLeft(project);
    }

    [Fact]
    public async Task A_feature_of_an_exempt_category_passes_without_a_test_and_its_evidence_names_the_exemption()
    {
        using var project = new LoopProject("A-1");
        project.Write("pace.json", project.Read("pace.json").Replace("\"checks\":", "\"verification\": { \"exempt\": { \"categories\": [\"core\"] } },\n    \"checks\":", StringComparison.Ordinal));
        project.Git("commit", "-qam", "core needs no proof");
        project.Behave("A-1", "echo 'how to use A-1' > README.md");

        var run = await project.RunAsync("run", "--max-sessions", "1", "--json");

        run.ExitCode.ShouldBe(0, run.ToString());
        Sessions(run)[0].GetProperty("passed").GetBoolean().ShouldBeTrue(run.ToString());
        var proof = Proof(project, 1);
        proof.GetProperty("rule").GetString().ShouldBe("exempt");
        proof.GetProperty("exemption").GetString().ShouldBe("category core is exempt (pace.verification.exempt.categories)");
    }

    [Fact]
    public async Task A_session_that_only_rewrites_an_existing_test_adds_no_test_and_fails_when_counts_are_known()
    {
        using var project = new LoopProject("A-1");
        project.Behave("A-1", "echo done > A-1.txt; echo 'needs A-1.txt' > tests/base.test");

        var run = await project.RunAsync("run", "--max-sessions", "1", "--json");

        Reasons(Sessions(run)[0]).ShouldContain("the checks ran 1 tests, no more than the baseline's 1: the session added no test that runs");
    }
}
