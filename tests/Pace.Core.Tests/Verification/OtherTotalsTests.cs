using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class OtherTotalsTests
{
    [Fact]
    public void I_can_count_the_tests_of_go_test_verbose_over_packages()
    {
        const string output = """
            === RUN   TestAdd
            --- PASS: TestAdd (0.00s)
            === RUN   TestParse
            === RUN   TestParse/empty
            === RUN   TestParse/number
                parse_test.go:21: got 3, want 4
            --- FAIL: TestParse (0.00s)
                --- PASS: TestParse/empty (0.00s)
                --- FAIL: TestParse/number (0.00s)
            FAIL
            FAIL	example.com/calc	0.004s
            === RUN   TestNetwork
                net_test.go:9: needs a network
            --- SKIP: TestNetwork (0.00s)
            PASS
            ok  	example.com/net	0.002s
            FAIL
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(2, 2, 1));
    }

    [Fact]
    public void I_can_add_up_the_results_of_every_cargo_test_binary()
    {
        const string output = """
               Compiling calc v0.1.0 (/work/calc)
                Finished `test` profile [unoptimized + debuginfo] target(s) in 1.02s
                 Running unittests src/lib.rs (target/debug/deps/calc-1a2b3c)

            running 3 tests
            test tests::adds ... ok
            test tests::slow ... ignored
            test tests::divides ... FAILED

            test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

                 Running tests/api.rs (target/debug/deps/api-4d5e6f)

            running 4 tests
            test result: ok. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

               Doc-tests calc

            running 1 test
            test result: ok. 1 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.15s
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(6, 1, 1));
    }

    [Fact]
    public void I_can_read_tap_with_skips_todos_and_subtests()
    {
        const string output = """
            TAP version 14
            1..5
            ok 1 - parses numbers
            not ok 2 - parses dates
              ---
              message: expected 2024, got 2023
              ...
            ok 3 - parses money # SKIP no locale
            not ok 4 - parses ranges # TODO not written yet
            # Subtest: nested
                1..2
                ok 1 - inner
                not ok 2 - inner two
            ok 5 - nested
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(2, 1, 2));
    }

    [Fact]
    public void I_count_tap_tests_that_never_reported_as_failed()
    {
        const string output = """
            1..4
            ok 1 - first
            ok 2 - second
            Bail out! database went away
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(2, 2, 0));
    }

    [Fact]
    public void I_do_not_take_ok_lines_without_a_plan_for_tap() =>
        TestTotalsParser.Parse("ok  \texample.com/calc\t0.004s\nok done\n").ShouldBeNull();

    [Theory]
    [InlineData("12 passed, 1 failed", 12, 1, 0)]
    [InlineData("  12 passed, 0 failed, 3 skipped  ", 12, 0, 3)]
    public void I_can_read_the_plain_summary_line(string line, int passed, int failed, int skipped) =>
        TestTotalsParser.Parse($"== Pace.Core.Tests\n{line}\n").ShouldBe(new TestTotals(passed, failed, skipped));

    [Fact]
    public void I_take_the_last_summary_when_a_script_runs_twice()
    {
        const string output = """
            Ran 3 tests in 0.001s

            FAILED (failures=1)
            retrying flaky tests...
            Tests:       5 passed, 5 total
            == done
            40 passed, 0 failed
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(40, 0, 0));
    }

    [Fact]
    public void I_take_a_later_summary_over_counted_go_tests()
    {
        const string output = "--- PASS: TestA (0.00s)\n--- PASS: TestB (0.00s)\n9 passed, 1 failed\n";

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(9, 1, 0));
    }

    [Fact]
    public void I_find_no_totals_in_output_without_a_summary() =>
        TestTotalsParser.Parse("compiling...\nbuild ok\n0 warnings\n").ShouldBeNull();

    [Fact]
    public void I_read_the_same_totals_line_by_line_as_all_at_once()
    {
        const string output = "running 2 tests\ntest result: ok. 2 passed; 0 failed; 0 ignored\n";
        var reader = new TestTotalsReader();
        reader.Totals.ShouldBeNull();

        foreach (var line in output.Split('\n'))
        {
            reader.Read(line);
        }

        reader.Totals.ShouldBe(TestTotalsParser.Parse(output));
        reader.Totals.ShouldBe(new TestTotals(2, 0, 0));
    }
}
