using Pace.Core.Agents;
using Pace.Core.Security;
using Pace.Core.Tests.Verification.Fakes;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class VerifiedSessionTests
{
    private const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    private static readonly TestTotals Baseline = new(3, 0, 0);
    private static readonly CheckSpec Test = new("test", "make test", TimeSpan.FromMinutes(1));

    private readonly FakeWorkspace _tree = new(new() { ["src/app.py"] = "def f(): pass", ["tests/test_app.py"] = "assert f", ["pace.json"] = "{}" });

    private static AgentResult Agent(AgentExit exit = AgentExit.Exited, bool claims = true) =>
        new(exit, 0, claims, null, "done", AgentUsage.None, null, null, [], ["boom"], TimeSpan.FromSeconds(5), "/t.jsonl");

    private Task<SessionJudgement> JudgeAsync(AgentResult agent, TestTotals? totals = null, int exitCode = 0, Func<SessionWork, SessionWork>? change = null)
    {
        var runner = new FakeCheckRunner(_tree, (_, _) => (exitCode, totals ?? new TestTotals(4, 0, 0)));
        var session = new VerifiedSession(runner, () => Redactor.Shapes, SecretAllowList.None, new AgentLimits(TimeSpan.FromMinutes(30)));
        var work = new SessionWork(_tree, FakeWorkspace.Base, agent, new TamperRules(TamperRules.PaceOwned, ["tests/**"]), [Test], "/fake", "/out", Baseline, _tree.Exists);
        return session.JudgeAsync(change is null ? work : change(work), CancellationToken.None);
    }

    private static VerifiedSession Joined(Func<CheckSpec, (int? ExitCode, TestTotals? Totals)> decide) =>
        new(new FakeCheckRunner(new FakeWorkspace(new()), (check, _) => decide(check)), () => Redactor.Shapes, SecretAllowList.None, new AgentLimits(TimeSpan.FromMinutes(30)));

    [Fact]
    public async Task A_joined_tree_counts_only_the_projects_tests_so_a_verify_commands_tests_do_not_hide_a_lost_one()
    {
        var verify = VerifiedSession.Acceptance(["pytest tests/test_b.py"]);
        // The project's check passes with one test fewer than the baseline; the verify command reports five of its own.
        var session = Joined(check => check == Test ? (0, new TestTotals(2, 0, 0)) : (0, new TestTotals(5, 0, 0)));

        var (reasons, totals) = await session.CheckJoinedAsync([Test], verify, "/tree", "/out", Baseline, CancellationToken.None);

        totals.ShouldBe(new TestTotals(2, 0, 0));
        reasons.ShouldBe(["fewer tests than the baseline: 2 now, 3 before", "fewer passing tests than the baseline: 2 now, 3 before"]);
    }

    [Fact]
    public async Task A_joined_tree_fails_on_any_failing_check_and_on_tests_that_vanished_and_passes_otherwise()
    {
        var verify = VerifiedSession.Acceptance(["test -f b.txt"]);
        var failing = Joined(check => check == Test ? (0, null) : (1, null));
        var passing = Joined(_ => (0, new TestTotals(3, 0, 0)));

        var (reasons, _) = await failing.CheckJoinedAsync([Test], verify, "/tree", "/out", Baseline, CancellationToken.None);
        var (none, totals) = await passing.CheckJoinedAsync([Test], verify, "/tree", "/out", Baseline, CancellationToken.None);
        var (nothing, noTotals) = await passing.CheckJoinedAsync([], [], "/tree", "/out", Baseline, CancellationToken.None);

        reasons.ShouldBe(["check 'verify' failed with exit code 1", "the tests vanished: the baseline had 3 tests, no check reported any now"]);
        none.ShouldBeEmpty();
        totals.ShouldBe(new TestTotals(3, 0, 0));
        nothing.ShouldBeEmpty();
        noTotals.ShouldBeNull();
    }

    [Fact]
    public async Task A_session_whose_agent_committed_its_work_passes_with_the_commits_undone()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";
        _tree.Head = "agent-commit";

        var judgement = await JudgeAsync(Agent());

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        _tree.Head.ShouldBe(FakeWorkspace.Base);
        _tree.Calls.ShouldBe(["uncommit"]);
        judgement.Verdict.Totals.ShouldBe(new TestTotals(4, 0, 0));
        judgement.Evidence("f1", 2, "claude", FakeWorkspace.Base, Agent(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch).Baseline.ShouldBe(Baseline);
    }

    [Fact]
    public async Task Edits_of_owned_files_are_undone_before_the_checks_run_and_noted()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";
        _tree.Files["pace.json"] = """{"checks": []}""";
        IReadOnlyList<string>? restored = null;
        string? configSeenByChecks = null;
        var runner = new FakeCheckRunner(_tree, (_, files) =>
        {
            configSeenByChecks = files["pace.json"];
            return (0, new TestTotals(3, 0, 0));
        });
        var session = new VerifiedSession(runner, () => Redactor.Shapes, SecretAllowList.None, new AgentLimits(TimeSpan.FromMinutes(30)));
        var work = new SessionWork(_tree, FakeWorkspace.Base, Agent(), new TamperRules(TamperRules.PaceOwned, ["tests/**"]), [Test], "/fake", "/out", Baseline, _tree.Exists)
        {
            OwnedRestored = owned => restored = owned,
        };

        var judgement = await session.JudgeAsync(work, CancellationToken.None);

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        configSeenByChecks.ShouldBe("{}");
        restored.ShouldBe(["pace.json"]);
        judgement.Verdict.Notes.ShouldContain("the agent edited paths Pace owns (undone): pace.json");
    }

    [Fact]
    public async Task An_agent_that_only_edited_owned_files_changed_nothing_in_the_project()
    {
        _tree.Files["pace.json"] = "{ }";

        var judgement = await JudgeAsync(Agent());

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldBe(["the agent changed nothing in the project"]);
        judgement.Verdict.ClaimedSuccessFalsely.ShouldBeTrue();
        judgement.Verdict.Notes.ShouldContain("the agent claimed success falsely");
    }

    [Fact]
    public async Task A_deleted_protected_test_and_fewer_tests_fail_the_session()
    {
        _tree.Files.Remove("tests/test_app.py");
        _tree.Files["src/app.py"] = "def f(): return 1";

        var judgement = await JudgeAsync(Agent(), totals: new TestTotals(2, 0, 0));

        judgement.Reasons.ShouldBe([
            "fewer tests than the baseline: 2 now, 3 before",
            "fewer passing tests than the baseline: 2 now, 3 before",
            "protected tests deleted: tests/test_app.py",
        ]);
    }

    [Fact]
    public async Task A_secret_in_the_change_fails_the_session_without_showing_it()
    {
        _tree.Files["src/app.py"] = $"TOKEN = '{Token}'";

        var judgement = await JudgeAsync(Agent());

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldHaveSingleItem().ShouldStartWith("the change contains a secret (GitHub token, src/app.py, line 1");
        string.Join("\n", judgement.Reasons).ShouldNotContain(Token);
    }

    [Fact]
    public async Task An_agent_stopped_at_its_time_limit_fails_even_when_the_checks_pass()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";

        var judgement = await JudgeAsync(Agent(AgentExit.TimedOut));

        judgement.Reasons.ShouldBe(["the agent was stopped at the session's time limit (00:30:00)"]);
    }

    [Fact]
    public async Task Pace_files_the_agent_touched_fail_the_session_and_are_named()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";

        var judgement = await JudgeAsync(Agent(), change: w => w with { PaceFilesTouched = ["feature_list.json"] });

        judgement.Reasons.ShouldBe(["the agent changed Pace's own files (restored): feature_list.json"]);
    }

    [Fact]
    public async Task A_failing_check_fails_the_session_whatever_the_agent_said()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";

        var judgement = await JudgeAsync(Agent(claims: false), exitCode: 1);

        judgement.Reasons.ShouldBe(["check 'test' failed with exit code 1"]);
        judgement.Verdict.ClaimedSuccessFalsely.ShouldBeFalse();
    }

    [Fact]
    public async Task A_verify_check_that_already_passed_on_the_base_proves_nothing_and_fails_the_session()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";
        var onBase = new CheckResult("verify", "make accept", 0, false, TimeSpan.Zero, null, "/out/verify.log", "");

        var judgement = await JudgeAsync(Agent(), change: w => w with { Acceptance = VerifiedSession.Acceptance(["make accept"]), AcceptanceOnBase = [onBase] });

        judgement.Reasons.ShouldBe(["the item's own checks already pass on the base, so they prove nothing about this session: 'verify' (make accept)"]);
        judgement.AcceptanceOnBase.ShouldBe([onBase]);
    }

    [Fact]
    public async Task Verify_checks_run_after_the_session_and_one_passing_on_the_base_beside_a_failing_one_is_only_noted()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";
        var runner = new FakeCheckRunner(_tree, (check, files) => (check.Name == "verify 2" && !files["src/app.py"].Contains("return", StringComparison.Ordinal) ? 1 : 0, null));
        var session = new VerifiedSession(runner, () => Redactor.Shapes, SecretAllowList.None, new AgentLimits(TimeSpan.FromMinutes(30)));
        var acceptance = VerifiedSession.Acceptance(["make old", "make new"]);
        var onBase = await session.RunAsync(acceptance, "/fake", "/base", CancellationToken.None);
        onBase.Select(c => c.Passed).ShouldBe([true, true]);
        var failedOnBase = new[] { onBase[0], onBase[1] with { ExitCode = 1 } };
        var work = new SessionWork(_tree, FakeWorkspace.Base, Agent(), new TamperRules(TamperRules.PaceOwned, []), [], "/fake", "/out", null, _tree.Exists)
        {
            Acceptance = acceptance,
            AcceptanceOnBase = failedOnBase,
        };

        var judgement = await session.JudgeAsync(work, CancellationToken.None);

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        runner.Ran.ShouldBe(["verify 1", "verify 2", "verify 1", "verify 2"]);
        judgement.Verdict.Notes.ShouldContain("already passing on the base (proves nothing): 'verify 1' (make old)");
    }

    [Fact]
    public async Task Test_counts_printed_by_verify_checks_stay_out_of_the_totals_weighed_against_the_baseline()
    {
        _tree.Files["src/app.py"] = "def f(): return 1";
        var runner = new FakeCheckRunner(_tree, (check, _) => (0, check.Name == "test" ? new TestTotals(3, 0, 0) : new TestTotals(50, 0, 0)));
        var session = new VerifiedSession(runner, () => Redactor.Shapes, SecretAllowList.None, new AgentLimits(TimeSpan.FromMinutes(30)));
        var work = new SessionWork(_tree, FakeWorkspace.Base, Agent(), new TamperRules(TamperRules.PaceOwned, []), [Test], "/fake", "/out", Baseline, _tree.Exists)
        {
            Acceptance = VerifiedSession.Acceptance(["pytest -k login"]),
        };

        var judgement = await session.JudgeAsync(work, CancellationToken.None);

        judgement.Verdict.Totals.ShouldBe(new TestTotals(3, 0, 0));
        judgement.Checks.Select(c => c.Name).ShouldBe(["test", "verify"]);
    }
}
