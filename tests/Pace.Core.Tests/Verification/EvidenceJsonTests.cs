using System.Text;
using System.Text.Json;
using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class EvidenceJsonTests
{
    private static SessionEvidence Sample()
    {
        var check = new CheckResult("test", "dotnet test", 1, false, TimeSpan.FromSeconds(12.5), new TestTotals(40, 1, 2), ".pace/sessions/3/checks/test.log", "Failed!  - Failed: 1");
        var verdict = new Verdict(false, ["check 'test' failed with exit code 1"]) { Notes = ["the agent claimed success falsely"], ClaimedSuccessFalsely = true, Totals = check.Totals };
        return new SessionEvidence(
            "AUTH-002", 3, "claude", "0123abcd", null, [check], new TestTotals(41, 0, 2), check.Totals,
            new TamperReport(["feature_list.json"], [], ["tests/AuthTests.cs"]), new DiffStats(4, 120, 7),
            true, AgentExit.Exited, 0, 0.4213m, new AgentUsage(12000, 3400, 50000, 800), 17,
            TimeSpan.FromMinutes(6), ".pace/sessions/3/transcript.jsonl", verdict,
            new DateTimeOffset(2025, 10, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 10, 1, 9, 6, 0, TimeSpan.Zero))
        {
            PermissionDenials = ["Bash: git push"],
            AttemptRef = "refs/pace/attempts/AUTH-002/3",
            AgentMessage = "Done: login works.",
            AgentSessionId = "5f1c2d3e-0000-4000-8000-000000000003",
            AgentErrors = ["API Error: 529 overloaded"],
        };
    }

    [Fact]
    public void I_can_write_evidence_and_read_it_back_unchanged()
    {
        var evidence = Sample();

        var back = EvidenceJson.Deserialize(EvidenceJson.Serialize(evidence));

        // Records compare lists by reference, so compare the lists one by one and the rest as a whole.
        back.Checks.ShouldBe(evidence.Checks);
        back.Tamper.OwnedPathsTouched.ShouldBe(evidence.Tamper.OwnedPathsTouched);
        back.Tamper.ProtectedTestsChanged.ShouldBe(evidence.Tamper.ProtectedTestsChanged);
        back.Verdict.Reasons.ShouldBe(evidence.Verdict.Reasons);
        back.Verdict.Notes.ShouldBe(evidence.Verdict.Notes);
        back.Verdict.ClaimedSuccessFalsely.ShouldBeTrue();
        back.PermissionDenials.ShouldBe(evidence.PermissionDenials);
        back.AgentErrors.ShouldBe(evidence.AgentErrors);
        back.AcceptanceOnBase.ShouldBe(evidence.AcceptanceOnBase);
        (back with { Checks = evidence.Checks, Tamper = evidence.Tamper, Verdict = evidence.Verdict, PermissionDenials = evidence.PermissionDenials, AgentErrors = evidence.AgentErrors, AcceptanceOnBase = evidence.AcceptanceOnBase })
            .ShouldBe(evidence);
    }

    [Fact]
    public void I_write_evidence_in_camel_case_with_enums_as_words()
    {
        using var json = JsonDocument.Parse(EvidenceJson.Serialize(Sample()));
        var root = json.RootElement;

        root.GetProperty("itemId").GetString().ShouldBe("AUTH-002");
        root.GetProperty("agentExit").GetString().ShouldBe("Exited");
        root.GetProperty("resultCommit").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("checks")[0].GetProperty("totals").GetProperty("passed").GetInt32().ShouldBe(40);
        root.GetProperty("tokens").GetProperty("cacheReadTokens").GetInt64().ShouldBe(50000);
        root.GetProperty("verdict").GetProperty("passed").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void I_get_an_error_with_a_position_for_broken_evidence()
    {
        var error = Should.Throw<JsonException>(() => EvidenceJson.Deserialize(Encoding.UTF8.GetBytes("{\"itemId\": \"A\",\n \"session\": \"three\"}")));

        error.LineNumber.ShouldBe(1);
    }
}
