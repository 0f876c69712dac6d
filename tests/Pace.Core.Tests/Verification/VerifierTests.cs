using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class VerifierTests
{
    private static readonly TestTotals Baseline = new(10, 0, 1);

    private static CheckResult Check(string name, int? exitCode = 0, TestTotals? totals = null, bool timedOut = false) =>
        new(name, $"run {name}", exitCode, timedOut, TimeSpan.FromSeconds(3), totals, $"/logs/{name}.log", string.Empty);

    private static VerificationInput Input(params CheckResult[] checks) =>
        new(checks, Baseline, TamperReport.Clean, [], AgentClaimsSuccess: true);

    [Fact]
    public void I_pass_a_session_whose_checks_pass_with_at_least_the_baseline()
    {
        var verdict = Verifier.Decide(Input(Check("build"), Check("test", totals: new TestTotals(12, 0, 1))));

        verdict.Passed.ShouldBeTrue();
        verdict.Reasons.ShouldBeEmpty();
        verdict.Notes.ShouldBeEmpty();
        verdict.ClaimedSuccessFalsely.ShouldBeFalse();
        verdict.Totals.ShouldBe(new TestTotals(12, 0, 1));
    }

    [Fact]
    public void I_fail_a_session_whose_check_fails_and_record_the_false_claim()
    {
        var verdict = Verifier.Decide(Input(Check("build"), Check("test", exitCode: 1, totals: new TestTotals(10, 1, 1))));

        verdict.Passed.ShouldBeFalse();
        verdict.Reasons.ShouldBe(["check 'test' failed with exit code 1"]);
        verdict.ClaimedSuccessFalsely.ShouldBeTrue();
        verdict.Notes.ShouldContain("the agent claimed success falsely");
    }

    [Fact]
    public void I_fail_a_session_whose_check_timed_out()
    {
        var verdict = Verifier.Decide(Input(Check("test", exitCode: null, totals: Baseline, timedOut: true)));

        verdict.Passed.ShouldBeFalse();
        verdict.Reasons.ShouldBe(["check 'test' timed out after 3 s"]);
    }

    [Fact]
    public void I_fail_a_session_whose_check_could_not_start() =>
        Verifier.Decide(Input(Check("lint", exitCode: null), Check("test", totals: Baseline)))
            .Reasons.ShouldBe(["check 'lint' could not run"]);

    [Fact]
    public void I_fail_a_session_that_ran_no_checks() =>
        Verifier.Decide(new VerificationInput([], null, TamperReport.Clean, [], true))
            .Reasons.ShouldBe(["no checks ran: nothing verified the work"]);

    [Fact]
    public void I_fail_a_session_that_dropped_tests_below_the_baseline_even_when_all_pass()
    {
        var verdict = Verifier.Decide(Input(Check("test", totals: new TestTotals(8, 0, 0))));

        verdict.Passed.ShouldBeFalse();
        verdict.Reasons.ShouldBe([
            "fewer tests than the baseline: 8 now, 11 before",
            "fewer passing tests than the baseline: 8 now, 10 before",
        ]);
    }

    [Fact]
    public void I_fail_a_session_that_turned_passing_tests_into_skipped_ones()
    {
        var verdict = Verifier.Decide(Input(Check("test", totals: new TestTotals(9, 0, 2))));

        verdict.Reasons.ShouldBe(["fewer passing tests than the baseline: 9 now, 10 before"]);
    }

    [Fact]
    public void I_add_up_the_totals_of_every_check_before_comparing_with_the_baseline()
    {
        var verdict = Verifier.Decide(Input(Check("unit", totals: new TestTotals(6, 0, 1)), Check("api", totals: new TestTotals(4, 0, 0))));

        verdict.Passed.ShouldBeTrue();
        verdict.Totals.ShouldBe(new TestTotals(10, 0, 1));
    }

    [Fact]
    public void I_fail_a_session_whose_tests_vanished()
    {
        var verdict = Verifier.Decide(Input(Check("test")));

        verdict.Passed.ShouldBeFalse();
        verdict.Reasons.ShouldBe(["the tests vanished: the baseline had 11 tests, no check reported any now"]);
        verdict.Totals.ShouldBeNull();
    }

    [Fact]
    public void I_pass_a_session_without_totals_when_there_was_no_baseline() =>
        Verifier.Decide(Input(Check("build")) with { Baseline = null }).Passed.ShouldBeTrue();

    [Fact]
    public void I_fail_a_session_that_deleted_protected_tests()
    {
        var tamper = new TamperReport([], ["tests/test_a.py", "tests/test_b.py"], []);

        var verdict = Verifier.Decide(Input(Check("test", totals: Baseline)) with { Tamper = tamper });

        verdict.Passed.ShouldBeFalse();
        verdict.Reasons.ShouldBe(["protected tests deleted: tests/test_a.py, tests/test_b.py"]);
    }

    [Fact]
    public void I_fail_a_session_with_a_permission_denial()
    {
        var verdict = Verifier.Decide(Input(Check("test", totals: Baseline)) with { PermissionDenials = ["Bash: rm -rf /"] });

        verdict.Passed.ShouldBeFalse();
        verdict.Reasons.ShouldBe(["permission denied 1 time: Bash: rm -rf /"]);
    }

    [Fact]
    public void I_pass_a_session_whose_owned_path_edits_were_undone_and_note_them()
    {
        var tamper = new TamperReport(["feature_list.json"], [], ["tests/test_cart.py"]);

        var verdict = Verifier.Decide(Input(Check("test", totals: new TestTotals(11, 0, 1))) with { Tamper = tamper });

        verdict.Passed.ShouldBeTrue();
        verdict.Notes.ShouldBe([
            "the agent edited paths Pace owns (undone): feature_list.json",
            "protected tests changed: tests/test_cart.py",
        ]);
    }

    [Fact]
    public void I_list_every_reason_a_session_failed()
    {
        var input = new VerificationInput(
            [Check("build", exitCode: 2), Check("test", totals: new TestTotals(3, 0, 0))],
            Baseline,
            new TamperReport([], ["tests/a.py"], []),
            ["Write: /etc/passwd", "Bash: curl"],
            AgentClaimsSuccess: true);

        var verdict = Verifier.Decide(input);

        verdict.Reasons.Count.ShouldBe(5);
        verdict.Reasons[^1].ShouldBe("permission denied 2 times: Write: /etc/passwd, Bash: curl");
    }

    [Fact]
    public void I_never_let_the_claim_pass_a_session_and_note_a_modest_agent()
    {
        var failing = Input(Check("test", exitCode: 1, totals: Baseline));
        Verifier.Decide(failing with { AgentClaimsSuccess = false }).ClaimedSuccessFalsely.ShouldBeFalse();
        Verifier.Decide(failing with { AgentClaimsSuccess = false }).Passed.ShouldBeFalse();

        var passing = Verifier.Decide(Input(Check("test", totals: Baseline)) with { AgentClaimsSuccess = false });
        passing.Passed.ShouldBeTrue();
        passing.Notes.ShouldBe(["the agent did not claim success, but verification passed"]);
    }

    [Fact]
    public void I_shorten_long_lists_in_reasons()
    {
        var deleted = Enumerable.Range(1, 8).Select(i => $"tests/t{i}.py").ToArray();

        var verdict = Verifier.Decide(Input(Check("test", totals: Baseline)) with { Tamper = new TamperReport([], deleted, []) });

        verdict.Reasons.ShouldBe(["protected tests deleted: tests/t1.py, tests/t2.py, tests/t3.py, tests/t4.py, tests/t5.py and 3 more"]);
    }
}
