using Pace.Core.Agents;
using Pace.Core.Security;
using Pace.Core.Tests.Verification.Fakes;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

/// <summary>The red-then-green proof of <see cref="VerifiedSession"/>, over in-memory fakes of the ports.</summary>
public sealed class RedThenGreenTests
{
    private static readonly TestTotals Baseline = new(1, 0, 0);
    private static readonly CheckSpec Test = new("test", "make test", TimeSpan.FromMinutes(1));

    private readonly FakeWorkspace _tree = new(new() { ["src/app.py"] = "def f(): pass", ["tests/test_f.py"] = "needs def f" });

    /// <summary>A test file "needs TEXT" passes only where src/app.py holds TEXT; one test per file under tests/.</summary>
    private static (int? ExitCode, TestTotals? Totals) Run(IReadOnlyDictionary<string, string> files)
    {
        var tests = files.Where(f => f.Key.StartsWith("tests/", StringComparison.Ordinal)).ToList();
        var failed = tests.Count(t => !(t.Value.StartsWith("needs ", StringComparison.Ordinal) && files.GetValueOrDefault("src/app.py", "").Contains(t.Value[6..], StringComparison.Ordinal)) && t.Value != "pass");
        return (failed == 0 ? 0 : 1, new TestTotals(tests.Count - failed, failed, 0));
    }

    private static AgentResult Agent() => new(AgentExit.Exited, 0, true, null, "done", AgentUsage.None, null, null, [], [], TimeSpan.FromSeconds(5), "/t.jsonl");

    private async Task<(SessionJudgement Judgement, FakeProofTree Proofs)> JudgeAsync(ProofRules? rules = null, string? category = null, IReadOnlyList<string>? protectedTests = null, Func<SessionWork, SessionWork>? change = null)
    {
        var proofs = new FakeProofTree(_tree, Run);
        var session = new VerifiedSession(new FakeCheckRunner(_tree, (_, files) => Run(files)), () => Redactor.Shapes, SecretAllowList.None, new AgentLimits(TimeSpan.FromMinutes(30)));
        var work = new SessionWork(_tree, FakeWorkspace.Base, Agent(), new TamperRules(TamperRules.PaceOwned, protectedTests ?? ["tests/**"]), [Test], "/fake", "/out", Baseline, _tree.Exists)
        {
            Proof = new ProofRequest("F-1", category, proofs, rules ?? ProofRules.Default),
        };
        return (await session.JudgeAsync(change is null ? work : change(work), CancellationToken.None), proofs);
    }

    [Fact]
    public async Task A_session_whose_new_test_fails_on_the_base_and_passes_with_its_code_passes()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";
        _tree.Files["tests/test_g.py"] = "needs def g";

        var (judgement, proofs) = await JudgeAsync();

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        proofs.Tree!["src/app.py"].ShouldBe("def f(): pass");
        proofs.Tree["tests/test_g.py"].ShouldBe("needs def g");
        proofs.Requests.Single().TestPaths.ShouldBe(["tests/test_g.py"]);
        proofs.Requests.Single().CheckFolder.ShouldBe("");
        judgement.Proof!.Rule.ShouldBe(ProofEvidence.RedThenGreen);
        judgement.Proof.RedFailed.ShouldBeTrue();
        judgement.Evidence("F-1", 1, "a", FakeWorkspace.Base, Agent(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch).Proof.ShouldBe(judgement.Proof);
    }

    [Fact]
    public async Task A_task_that_names_its_test_files_is_proven_with_exactly_those()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";
        _tree.Files["tests/test_g.py"] = "needs def g";
        _tree.Files["tests/test_other.py"] = "pass";

        var (judgement, proofs) = await JudgeAsync(change: w => w with { Proof = w.Proof! with { TestFiles = ["./tests/test_g.py"] } });

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        proofs.Requests.Single().TestPaths.ShouldBe(["tests/test_g.py"]);
    }

    [Fact]
    public async Task A_task_whose_named_test_file_is_missing_after_the_session_fails_without_a_red_run()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";
        _tree.Files["tests/test_g.py"] = "needs def g";

        var (judgement, proofs) = await JudgeAsync(change: w => w with { Proof = w.Proof! with { TestFiles = ["tests/test_h.py"] } });

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldBe(["the task's own test files (artifacts.test_files) are not there after the session: tests/test_h.py"]);
        proofs.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_task_whose_named_test_file_already_passed_on_the_base_is_not_proven_by_it()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";
        _tree.Files["tests/test_g.py"] = "needs def g";

        var (judgement, _) = await JudgeAsync(change: w => w with { Proof = w.Proof! with { TestFiles = ["tests/test_f.py"] } });

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldContain(r => r.StartsWith("the session's tests pass without its code", StringComparison.Ordinal) && r.Contains("tests/test_f.py", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_that_adds_no_test_fails_in_words_without_a_red_run()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";

        var (judgement, proofs) = await JudgeAsync();

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldBe(["the session added or changed no test (looked for tests/**): nothing shows that it built the item"]);
        judgement.Verdict.ClaimedSuccessFalsely.ShouldBeTrue();
        proofs.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_session_whose_tests_pass_without_its_code_fails()
    {
        _tree.Files["notes.md"] = "g is done";
        _tree.Files["tests/test_g.py"] = "pass";

        var (judgement, _) = await JudgeAsync();

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldContain("the session's tests pass without its code (the checks passed on the base with only its test files applied: tests/test_g.py): they do not show that it built the item");
    }

    [Fact]
    public async Task A_session_that_only_changes_a_test_without_adding_one_fails_when_counts_are_known()
    {
        _tree.Files["src/app.py"] = "def f(): return 2";
        _tree.Files["tests/test_f.py"] = "needs return 2";

        var (judgement, proofs) = await JudgeAsync();

        proofs.Requests.Count.ShouldBe(1);
        judgement.Reasons.ShouldBe(["the checks ran 1 tests, no more than the baseline's 1: the session added no test that runs"]);
    }

    [Fact]
    public async Task An_exempt_category_passes_without_a_test_and_the_proof_names_the_exemption()
    {
        _tree.Files["docs/guide.md"] = "how to";

        var (judgement, proofs) = await JudgeAsync(new ProofRules { ExemptCategories = ["docs"] }, category: "Docs");

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        judgement.Proof!.Rule.ShouldBe(ProofEvidence.Exempt);
        judgement.Proof.Exemption.ShouldBe("category Docs is exempt (pace.verification.exempt.categories)");
        proofs.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_exempt_item_with_tests_keeps_its_red_run_in_the_evidence_without_being_judged_by_it()
    {
        _tree.Files["tests/test_g.py"] = "pass";

        var (judgement, _) = await JudgeAsync(new ProofRules { ExemptItems = ["F-1"] });

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        judgement.Proof!.RedRun.Single().Passed.ShouldBeTrue();
        judgement.Verdict.Notes.ShouldContain("no proof needed (item F-1 is exempt (pace.verification.exempt.items)); the session's tests pass on the base without its code");
    }

    [Fact]
    public async Task An_item_with_its_own_verify_is_proved_by_it_and_needs_no_red_run()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";

        var (judgement, proofs) = await JudgeAsync(change: w => w with { Acceptance = VerifiedSession.Acceptance(["grep -q g src/app.py"]), AcceptanceOnBase = [] });

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        judgement.Proof!.Rule.ShouldBe(ProofEvidence.OwnChecks);
        proofs.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_session_that_failed_its_checks_already_costs_no_red_run()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";
        _tree.Files["tests/test_g.py"] = "needs def h";

        var (judgement, proofs) = await JudgeAsync();

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldBe(["check 'test' failed with exit code 1"]);
        proofs.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task With_no_protected_tests_configured_the_usual_test_locations_count_as_tests()
    {
        _tree.Files["src/app.py"] = "def f(): pass\ndef g(): return 1";
        _tree.Files["tests/test_g.py"] = "needs def g";

        var (judgement, proofs) = await JudgeAsync(protectedTests: []);

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        proofs.Requests.Single().TestPaths.ShouldBe(["tests/test_g.py"]);
    }
}
