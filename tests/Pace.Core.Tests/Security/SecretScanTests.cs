using Pace.Core.Git;
using Pace.Core.Security;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Security;

public sealed class SecretScanTests
{
    private const string Token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

    private static readonly Redactor Known = Redactor.Shapes.With(["the-configured-key-42"]);

    [Fact]
    public void A_known_value_and_a_token_shape_are_found_with_their_place_but_not_their_value()
    {
        AddedLine[] lines =
        [
            new("src/app.py", 3, "key = 'the-configured-key-42'"),
            new("src/app.py", 4, "print('hello')"),
            new("deploy.sh", 9, $"curl -H 'Authorization: token {Token}'"),
        ];

        var found = SecretScan.Find(lines, Known, SecretAllowList.None);

        found.ShouldBe([new SecretFinding("a known secret value", "src/app.py", 3), new SecretFinding("GitHub token", "deploy.sh", 9)]);
        var reason = SecretScan.Reason(found);
        reason.ShouldStartWith("the change contains a secret (a known secret value, src/app.py, line 3; GitHub token, deploy.sh, line 9)");
        reason.ShouldNotContain(Token);
        reason.ShouldNotContain("the-configured-key-42");
    }

    [Fact]
    public void Allowed_fixture_paths_and_exact_strings_pass_the_scan_and_nothing_else_does()
    {
        var allow = new SecretAllowList { Paths = ["tests/fixtures/**"], Values = [Token] };
        AddedLine[] lines =
        [
            new("tests/fixtures/tokens.json", 1, "{\"token\": \"ghp_9999999999abcdefghijABCDEFGHIJ999999\"}"),
            new("tests/test_auth.py", 5, $"FAKE = '{Token}'"),
            new("tests/test_auth.py", 6, "OTHER = 'AKIAIOSFODNN7EXAMPLE'"),
        ];

        SecretScan.Find(lines, Known, allow).ShouldBe([new SecretFinding("AWS access key id", "tests/test_auth.py", 6)]);
    }

    [Fact]
    public void A_session_whose_change_holds_a_secret_fails_whatever_its_checks_say()
    {
        var check = new CheckResult("tests", "run tests", 0, false, TimeSpan.FromSeconds(1), new TestTotals(3, 0, 0), "/logs/tests.log", "");
        var input = new VerificationInput([check], null, TamperReport.Clean, [], AgentClaimsSuccess: true)
        {
            SecretsFound = [new SecretFinding("GitHub token", "deploy.sh", 9)],
        };

        var verdict = Verifier.Decide(input);

        verdict.Passed.ShouldBeFalse();
        verdict.Reasons.ShouldHaveSingleItem().ShouldStartWith("the change contains a secret (GitHub token, deploy.sh, line 9)");
        verdict.ClaimedSuccessFalsely.ShouldBeTrue();
    }
}
