using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class PythonTotalsTests
{
    [Fact]
    public void I_can_read_the_pytest_summary_with_every_kind_of_outcome()
    {
        const string output = """
            ============================= test session starts ==============================
            platform linux -- Python 3.12.3, pytest-8.3.2, pluggy-1.5.0
            rootdir: /work/app
            collected 11 items

            tests/test_cart.py ..F.s.x                                               [ 63%]
            tests/test_api.py ..XE                                                   [100%]

            =========================== short test summary info ============================
            FAILED tests/test_cart.py::test_total - assert 3 == 4
            ERROR tests/test_api.py::test_login - fixture 'db' not found
            == 1 failed, 6 passed, 1 skipped, 1 xfailed, 1 xpassed, 2 warnings, 1 error in 0.34s ==
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(7, 2, 2));
    }

    [Fact]
    public void I_can_read_the_quiet_pytest_summary_of_a_long_run()
    {
        const string output = """
            ........................................................................ [ 90%]
            ........                                                                 [100%]
            80 passed, 3 deselected in 65.43s (0:01:05)
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(80, 0, 0));
    }

    [Fact]
    public void I_read_zero_tests_when_pytest_ran_none()
    {
        TestTotalsParser.Parse("============================ no tests ran in 0.01s =============================")
            .ShouldBe(new TestTotals(0, 0, 0));
    }

    [Fact]
    public void I_can_read_a_failed_unittest_run()
    {
        const string output = """
            ..F.E.s
            ======================================================================
            FAIL: test_add (test_calc.CalcTest.test_add)
            ----------------------------------------------------------------------
            Traceback (most recent call last):
              File "/app/test_calc.py", line 8, in test_add
                self.assertEqual(add(2, 2), 5)
            AssertionError: 4 != 5

            ----------------------------------------------------------------------
            Ran 7 tests in 0.004s

            FAILED (failures=1, errors=1, skipped=1)
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(4, 2, 1));
    }

    [Theory]
    [InlineData("OK", 5, 0, 0)]
    [InlineData("OK (skipped=2)", 3, 0, 2)]
    [InlineData("OK (skipped=1, expected failures=1)", 4, 0, 1)]
    [InlineData("FAILED (unexpected successes=1)", 4, 1, 0)]
    public void I_can_read_the_status_line_of_unittest(string status, int passed, int failed, int skipped)
    {
        var output = $"Ran 5 tests in 0.001s\n\n{status}\n";

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(passed, failed, skipped));
    }

    [Fact]
    public void I_do_not_take_an_ok_without_a_ran_line_for_a_unittest_summary() =>
        TestTotalsParser.Parse("building...\nOK\n").ShouldBeNull();
}
