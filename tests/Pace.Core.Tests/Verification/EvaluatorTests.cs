using Pace.Core.Agents;
using Pace.Core.Security;
using Pace.Core.Tests.Verification.Fakes;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

/// <summary>The evaluator (pace.evaluator) as the one verified session asks it, with an in-memory tree and a scripted evaluator.</summary>
public sealed class EvaluatorTests
{
    private const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    private static readonly CheckSpec Test = new("test", "make test", TimeSpan.FromMinutes(1));
    private static readonly EvaluatedItem Item = new("F-7", "greet prints hello", ["run greet", "see hello"]);

    private readonly FakeWorkspace _files = new(new() { ["src/app.py"] = "def f(): pass", ["tests/test_app.py"] = "assert f" });

    private static AgentResult Agent() =>
        new(AgentExit.Exited, 0, true, null, "done", AgentUsage.None, 1.5m, 3, [], [], TimeSpan.FromSeconds(5), "/t.jsonl");

    private async Task<SessionJudgement> JudgeAsync(FakeEvaluatorAgent judge, int exitCode = 0)
    {
        _files.Files["src/app.py"] = "def f(): return 'hello'";
        var tree = new FakeEvaluatedWorkspace(_files);
        var runner = new FakeCheckRunner(_files, (_, _) => (exitCode, new TestTotals(4, 0, 0)));
        var session = new VerifiedSession(runner, () => Redactor.Shapes, SecretAllowList.None, new AgentLimits(TimeSpan.FromMinutes(30)));
        var evaluator = new Evaluator(judge, new AgentLimits(TimeSpan.FromMinutes(5)), () => Redactor.Shapes);
        var work = new SessionWork(tree, FakeWorkspace.Base, Agent(), new TamperRules(TamperRules.PaceOwned, ["tests/**"]), [Test], "/fake", "/out", new TestTotals(3, 0, 0), _files.Exists)
        {
            Evaluate = (evidence, token) => evaluator.EvaluateAsync(new EvaluationRequest(tree, FakeWorkspace.Base, "/fake", Item, evidence, "/out", "refs/pace/evaluated/F-7"), token),
        };
        return await session.JudgeAsync(work, CancellationToken.None);
    }

    [Fact]
    public async Task A_session_the_evaluator_accepts_passes_with_its_answer_and_cost_in_the_evidence()
    {
        var judge = new FakeEvaluatorAgent("""{"verdict": "accept"}""");

        var judgement = await JudgeAsync(judge);

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        var evaluation = judgement.Evaluation.ShouldNotBeNull();
        evaluation.Accepted.ShouldBeTrue();
        evaluation.CostUsd.ShouldBe(0.25m);
        evaluation.TreeRef.ShouldBe("refs/pace/evaluated/F-7");
        evaluation.Answers.Select(a => (a.Answer, a.Problem, a.TranscriptPath)).ShouldBe([("""{"verdict": "accept"}""", null, "/out/evaluator-1.jsonl")]);
        var evidence = EvidenceJson.Deserialize(EvidenceJson.Serialize(judgement.Evidence("F-7", 1, "claude", FakeWorkspace.Base, Agent(), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)));
        evidence.Evaluation.ShouldNotBeNull().Answers.Count.ShouldBe(1);
        evidence.CostUsd.ShouldBe(1.5m);
    }

    [Fact]
    public async Task The_evaluator_is_asked_read_only_about_the_item_with_the_checks_findings_and_the_diff()
    {
        var judge = new FakeEvaluatorAgent("""{"verdict": "accept"}""");

        await JudgeAsync(judge);

        var request = judge.Requests.ShouldHaveSingleItem();
        request.ReadOnly.ShouldBeTrue();
        request.Environment[Evaluator.ReadOnlyVariable].ShouldBe("1");
        request.WorkingFolder.ShouldBe("/fake");
        request.Prompt.ShouldStartWith(EvaluatorPrompt.Role);
        request.Prompt.ShouldContain("Item F-7: greet prints hello\nSteps:\n- run greet\n- see hello");
        request.Prompt.ShouldContain("- check 'test' (make test): exit code 0 4 passed, 0 failed, 0 skipped");
        request.Prompt.ShouldContain("- tests before the session: 3 passed, 0 failed, 0 skipped; after: 4 passed, 0 failed, 0 skipped");
        request.Prompt.ShouldContain("+++ b/src/app.py");
        request.Prompt.ShouldContain(EvaluatorVerdictShape);
    }

    [Fact]
    public async Task A_session_the_evaluator_rejects_fails_with_the_evaluators_reasons()
    {
        var judge = new FakeEvaluatorAgent("""{"verdict": "reject", "reasons": ["greet prints nothing", "no test runs greet"]}""");

        var judgement = await JudgeAsync(judge);

        judgement.Passed.ShouldBeFalse();
        judgement.Reasons.ShouldBe(["the evaluator judge rejected the work: greet prints nothing", "the evaluator judge rejected the work: no test runs greet"]);
        judgement.Verdict.ClaimedSuccessFalsely.ShouldBeTrue();
        judge.Requests.Count.ShouldBe(1);
        judgement.Evaluation.ShouldNotBeNull().Accepted.ShouldBeFalse();
    }

    [Fact]
    public async Task An_unreadable_answer_is_asked_for_once_more_and_a_readable_second_answer_decides()
    {
        var judge = new FakeEvaluatorAgent("Looks good to me!", "```json\n{\"verdict\": \"accept\"}\n```");

        var judgement = await JudgeAsync(judge);

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        judge.Requests.Count.ShouldBe(2);
        judge.Requests[1].Prompt.ShouldContain("Your previous answer could not be read (not JSON:");
        judge.Requests[1].TranscriptPath.ShouldBe("/out/evaluator-2.jsonl");
        var evaluation = judgement.Evaluation.ShouldNotBeNull();
        evaluation.Answers.Select(a => a.Answer).ShouldBe(["Looks good to me!", "```json\n{\"verdict\": \"accept\"}\n```"]);
        evaluation.Answers[0].Problem.ShouldNotBeNull().ShouldStartWith("not JSON");
        evaluation.CostUsd.ShouldBe(0.5m);
    }

    [Fact]
    public async Task Two_unreadable_answers_count_as_a_reject_with_the_raw_answers_kept_redacted()
    {
        var judge = new FakeEvaluatorAgent($"Accept, I think. The token was {Token}", """{"verdict": "accept", "confidence": 0.9}""");

        var judgement = await JudgeAsync(judge);

        judgement.Passed.ShouldBeFalse();
        judge.Requests.Count.ShouldBe(2);
        judgement.Reasons.ShouldBe(["the evaluator judge gave no readable verdict in 2 answers (the last: unknown key \"confidence\"); its answers are kept in the evidence"]);
        var answers = judgement.Evaluation.ShouldNotBeNull().Answers;
        answers.Select(a => a.Answer).ShouldBe([$"Accept, I think. The token was {Redactor.Marker}", """{"verdict": "accept", "confidence": 0.9}"""]);
        answers.ShouldAllBe(a => !a.Answer.Contains(Token));
    }

    [Fact]
    public async Task The_evaluator_is_not_asked_about_a_session_that_failed_the_checks()
    {
        var judge = new FakeEvaluatorAgent("""{"verdict": "accept"}""");

        var judgement = await JudgeAsync(judge, exitCode: 1);

        judgement.Passed.ShouldBeFalse();
        judge.Requests.ShouldBeEmpty();
        judgement.Evaluation.ShouldBeNull();
    }

    [Fact]
    public async Task Whatever_the_evaluator_changes_in_the_tree_is_put_back_and_noted()
    {
        var judge = new FakeEvaluatorAgent("""{"verdict": "accept"}""")
        {
            Meddle = () =>
            {
                _files.Files["src/app.py"] = "def f(): return 'rewritten by the evaluator'";
                _files.Files["notes.md"] = "the evaluator was here";
            },
        };

        var judgement = await JudgeAsync(judge);

        judgement.Passed.ShouldBeTrue(string.Join("; ", judgement.Reasons));
        _files.Files["src/app.py"].ShouldBe("def f(): return 'hello'");
        _files.Files.ContainsKey("notes.md").ShouldBeFalse();
        judgement.Verdict.Notes.ShouldContain("the evaluator changed the tree; Pace put it back (files put back: notes.md, src/app.py)");
    }

    [Theory]
    [InlineData("""{"verdict": "accept"}""", true, "")]
    [InlineData("""  {"verdict": "reject", "reasons": [" a ", "b"]}  """, true, "a|b")]
    [InlineData("Here it is: {\"verdict\": \"accept\"}", false, "")]
    [InlineData("""{"verdict": "reject", "reasons": []}""", false, "")]
    [InlineData("""{"verdict": "reject"}""", false, "")]
    [InlineData("""{"verdict": "accept", "reasons": ["but"]}""", false, "")]
    [InlineData("""{"verdict": "approved"}""", false, "")]
    [InlineData("""{"verdict": "reject", "reasons": [""]}""", false, "")]
    [InlineData("""["accept"]""", false, "")]
    [InlineData("", false, "")]
    [InlineData("```\n{\"verdict\": \"accept\"}", false, "")]
    public void The_verdict_is_read_strictly(string answer, bool readable, string reasons)
    {
        var reading = EvaluatorVerdict.Read(answer);

        reading.Readable.ShouldBe(readable, reading.Problem);
        string.Join("|", reading.Reasons).ShouldBe(reasons);
        (reading.Problem is null).ShouldBe(readable);
    }

    private const string EvaluatorVerdictShape = """{"verdict": "reject", "reasons": ["what is missing or wrong, one point per reason"]}""";
}
