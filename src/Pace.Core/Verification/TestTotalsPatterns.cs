using System.Text.RegularExpressions;

namespace Pace.Core.Verification;

/// <summary>The summary lines of the test runners <see cref="TestTotalsReader"/> understands. Counts are capped at 9 digits.</summary>
internal static partial class TestTotalsPatterns
{
    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    internal static partial Regex AnsiEscape();

    /// <summary>xunit v3 in-process runner (v2 lacks "Not Run").</summary>
    [GeneratedRegex(@"\bTotal: (\d{1,9}), Errors: (\d{1,9}), Failed: (\d{1,9}), Skipped: (\d{1,9})(?:, Not Run: (\d{1,9}))?")]
    internal static partial Regex Xunit();

    /// <summary>VSTest through <c>dotnet test</c>: one line per test assembly.</summary>
    [GeneratedRegex(@"^\s*(?:Passed|Failed|Skipped)!\s+-\s+Failed:\s+(\d{1,9}),\s+Passed:\s+(\d{1,9}),\s+Skipped:\s+(\d{1,9}),\s+Total:\s+\d{1,9}(?:,\s+Duration:[^-]*)?(?:\s+-\s+(.+?))?\s*$")]
    internal static partial Regex VsTest();

    /// <summary>The <c>dotnet test</c> terminal logger and Microsoft.Testing.Platform, on one line.</summary>
    [GeneratedRegex(@"\bTest summary: total: (\d{1,9}), failed: (\d{1,9}), succeeded: (\d{1,9}), skipped: (\d{1,9})", RegexOptions.IgnoreCase)]
    internal static partial Regex TestSummaryLine();

    /// <summary>Microsoft.Testing.Platform's block: "Test run summary: Passed!" then indented "total: 5" lines.</summary>
    [GeneratedRegex(@"^\s*Test run summary:", RegexOptions.IgnoreCase)]
    internal static partial Regex TestRunSummaryStart();

    [GeneratedRegex(@"^\s*(total|failed|succeeded|skipped):\s*(\d{1,9})\s*$")]
    internal static partial Regex TestRunSummaryField();

    /// <summary>pytest, with or without the "=" rule (<c>-q</c> drops it): "1 failed, 4 passed, 2 skipped in 0.12s".</summary>
    [GeneratedRegex(@"^[\s=]*((?:\d{1,9} [a-z]+|no tests ran)(?:, \d{1,9} [a-z]+)*) in \d+(?:\.\d+)?s\b[^=]*[\s=]*$")]
    internal static partial Regex Pytest();

    /// <summary>jest: "Tests:       1 failed, 4 passed, 5 total".</summary>
    [GeneratedRegex(@"^\s*Tests:\s+(\d{1,9} [a-z]+(?:, \d{1,9} [a-z]+)*)\s*$")]
    internal static partial Regex Jest();

    /// <summary>vitest: "Tests  1 failed | 4 passed (5)".</summary>
    [GeneratedRegex(@"^\s*Tests\s+(\d{1,9} [a-z]+(?:\s*\|\s*\d{1,9} [a-z]+)*)\s+\(\d{1,9}\)\s*$")]
    internal static partial Regex Vitest();

    /// <summary>"N passed, N failed" with an optional ", N skipped", alone on its line.</summary>
    [GeneratedRegex(@"^\s*(\d{1,9}) passed, (\d{1,9}) failed(?:, (\d{1,9}) skipped)?\s*$")]
    internal static partial Regex Plain();

    /// <summary>One "N word" item of a pytest, jest or vitest summary.</summary>
    [GeneratedRegex(@"(\d{1,9}) ([a-z]+)")]
    internal static partial Regex CountItem();

    /// <summary>python unittest: "Ran 5 tests in 0.001s", then a status line.</summary>
    [GeneratedRegex(@"^Ran (\d{1,9}) tests? in \d+(?:\.\d+)?s\s*$")]
    internal static partial Regex UnittestRan();

    [GeneratedRegex(@"^(OK|FAILED|NO TESTS RAN)(?: \((.*)\))?\s*$")]
    internal static partial Regex UnittestStatus();

    [GeneratedRegex(@"([a-z ]+)=(\d{1,9})")]
    internal static partial Regex UnittestDetail();

    /// <summary>node --test: "# pass 5" (TAP reporter) or "ℹ pass 5" (spec reporter).</summary>
    [GeneratedRegex(@"^\s*(?:#|ℹ)\s*(tests|pass|fail|cancelled|skipped|todo)\s+(\d{1,9})\s*$")]
    internal static partial Regex Node();

    /// <summary>go test -v: one line per test and subtest.</summary>
    [GeneratedRegex(@"^\s*--- (PASS|FAIL|SKIP): ")]
    internal static partial Regex Go();

    /// <summary>cargo test: one line per test binary, summed.</summary>
    [GeneratedRegex(@"^test result: (?:ok|FAILED)\. (\d{1,9}) passed; (\d{1,9}) failed; (\d{1,9}) ignored")]
    internal static partial Regex Cargo();

    /// <summary>TAP plan at the top level (subtests are indented).</summary>
    [GeneratedRegex(@"^1\.\.(\d{1,9})(?:\s*#.*)?\s*$")]
    internal static partial Regex TapPlan();

    [GeneratedRegex(@"^(not )?ok\b(.*)$")]
    internal static partial Regex TapTest();

    [GeneratedRegex(@"#\s*(SKIP|TODO)", RegexOptions.IgnoreCase)]
    internal static partial Regex TapDirective();
}
