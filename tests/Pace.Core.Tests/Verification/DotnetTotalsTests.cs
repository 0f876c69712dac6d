using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class DotnetTotalsTests
{
    [Fact]
    public void I_can_read_the_totals_of_the_xunit_v3_runner()
    {
        const string output = """
            xUnit.net v3 In-Process Runner v3.2.2+7f5c1a (64-bit .NET 10.0.0)
              Discovering: Pace.Core.Tests
              Discovered:  Pace.Core.Tests
              Starting:    Pace.Core.Tests
                Pace.Core.Tests.Verification.FooTests.I_can_fail [FAIL]
                  Assert.Equal() Failure: Values differ
              Finished:    Pace.Core.Tests
            === TEST EXECUTION SUMMARY ===
               Pace.Core.Tests  Total: 42, Errors: 1, Failed: 2, Skipped: 3, Not Run: 1, Time: 0.512s
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(36, 3, 4));
    }

    [Fact]
    public void I_can_read_the_grand_total_when_xunit_ran_several_assemblies()
    {
        const string output = """
            === TEST EXECUTION SUMMARY ===
               Pace.Adapters.Tests  Total: 10, Errors: 0, Failed: 1, Skipped: 0, Not Run: 0, Time: 1.1s
               Pace.Core.Tests      Total: 30, Errors: 0, Failed: 0, Skipped: 2, Not Run: 0, Time: 0.4s
                                    -------------------------------------------------------
                     GRAND TOTAL:   Total: 40, Errors: 0, Failed: 1, Skipped: 2, Not Run: 0, Time: 1.5s (1.9s)
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(37, 1, 2));
    }

    [Fact]
    public void I_can_read_vstest_lines_added_up_over_the_assemblies_of_dotnet_test()
    {
        const string output = """
              Determining projects to restore...
              All projects are up-to-date for restore.
              Pace.Core -> /src/Pace.Core/bin/Debug/net10.0/Pace.Core.dll
            Test run for /src/tests/A.Tests/bin/Debug/net10.0/A.Tests.dll (.NETCoreApp,Version=v10.0)
            A total of 1 test files matched the specified pattern.
              Failed B.Tests.ParserTests.Reads_a_number [3 ms]
            Passed!  - Failed:     0, Passed:     5, Skipped:     1, Total:     6, Duration: 45 ms - A.Tests.dll (net10.0)
            Failed!  - Failed:     1, Passed:     8, Skipped:     0, Total:     9, Duration: < 1 ms - B-Integration.Tests.dll (net10.0)
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(13, 1, 1));
    }

    [Fact]
    public void I_can_read_the_one_line_test_summary_of_the_dotnet_test_terminal_logger()
    {
        const string output = """
            Restore complete (0.6s)
              A.Tests test succeeded (1.2s)
              B.Tests test failed with 1 error(s) (1.4s)

            Test summary: total: 14, failed: 1, succeeded: 12, skipped: 1, duration: 2.6s
            Build failed with 1 error(s) in 4.1s
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(12, 1, 1));
    }

    [Fact]
    public void I_can_read_the_test_run_summary_block_of_microsoft_testing_platform()
    {
        const string output = """
            Microsoft.Testing.Platform v1.9.0+abc (UTC 2025/10/01) [linux-x64 - .NET 10.0.0]
            failed Calculator_adds (12ms)
              Assert.AreEqual failed. Expected:<4>. Actual:<5>.

            Test run summary: Failed! - bin/Debug/net10.0/Calc.Tests.dll (net10.0|x64)
              total: 7
              failed: 1
              succeeded: 5
              skipped: 1
              duration: 318ms
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(5, 1, 1));
    }

    [Fact]
    public void I_take_the_latest_line_of_a_vstest_assembly_that_ran_twice()
    {
        const string output = """
            Failed!  - Failed:     2, Passed:     3, Skipped:     0, Total:     5, Duration: 1 s - A.Tests.dll (net10.0)
            Passed!  - Failed:     0, Passed:     4, Skipped:     0, Total:     4, Duration: 1 s - B.Tests.dll (net10.0)
            Passed!  - Failed:     0, Passed:     5, Skipped:     0, Total:     5, Duration: 1 s - A.Tests.dll (net10.0)
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(9, 0, 0));
    }

    [Fact]
    public void I_keep_counting_vstest_lines_past_a_thousand_assemblies()
    {
        var lines = Enumerable.Range(1, 1500).Select(i => $"Passed!  - Failed: 0, Passed: 2, Skipped: 0, Total: 2, Duration: 1 ms - T{i}.dll (net10.0)");

        TestTotalsParser.Parse(lines).ShouldBe(new TestTotals(3000, 0, 0));
    }
}
