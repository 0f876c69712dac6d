using System.Text;
using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class TestTotalsFilesTests
{
    [Fact]
    public void I_can_count_the_test_cases_of_a_junit_file()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <testsuites name="pytest tests">
              <testsuite name="pytest" errors="1" failures="1" skipped="1" tests="6" time="0.21">
                <testcase classname="tests.test_cart" name="test_add" time="0.001" />
                <testcase classname="tests.test_cart" name="test_total" time="0.002">
                  <failure message="assert 3 == 4">def test_total(): assert 3 == 4</failure>
                </testcase>
                <testcase classname="tests.test_cart" name="test_later" time="0.000">
                  <skipped type="pytest.skip" message="later" />
                </testcase>
                <testcase classname="tests.test_api" name="test_login" time="0.000">
                  <error message="fixture 'db' not found" />
                  <system-out>connecting</system-out>
                </testcase>
                <testcase classname="tests.test_api" name="test_logout" time="0.003"><system-out>bye</system-out></testcase>
              </testsuite>
              <testsuite name="nested" tests="1">
                <testsuite name="inner" tests="1">
                  <testcase name="deep" />
                </testsuite>
              </testsuite>
            </testsuites>
            """;

        TestTotalsFiles.ParseJUnit(Encoding.UTF8.GetBytes(xml)).ShouldBe(new TestTotals(3, 2, 1));
    }

    [Fact]
    public void I_read_the_suite_attributes_of_a_junit_file_without_test_cases()
    {
        const string xml = """<testsuites tests="12" failures="2" errors="1" skipped="3"></testsuites>""";

        TestTotalsFiles.ParseJUnit(Encoding.UTF8.GetBytes(xml)).ShouldBe(new TestTotals(6, 3, 3));
    }

    [Fact]
    public void I_can_read_the_counters_of_a_trx_file()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <TestRun id="6c1d" name="runner 2025-10-01" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
              <Results>
                <UnitTestResult testName="Adds" outcome="Passed" />
                <UnitTestResult testName="Divides" outcome="Failed" />
              </Results>
              <ResultSummary outcome="Failed">
                <Counters total="10" executed="9" passed="7" failed="1" error="1" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="1" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
              </ResultSummary>
            </TestRun>
            """;

        TestTotalsFiles.ParseTrx(Encoding.UTF8.GetBytes(xml)).ShouldBe(new TestTotals(7, 2, 1));
    }

    [Fact]
    public void I_count_the_results_of_a_trx_file_without_counters()
    {
        const string xml = """
            <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010"><Results>
              <UnitTestResult testName="A" outcome="Passed" />
              <UnitTestResult testName="B" outcome="Passed" />
              <UnitTestResult testName="C" outcome="NotExecuted" />
              <UnitTestResult testName="D" outcome="Timeout" />
            </Results></TestRun>
            """;

        TestTotalsFiles.ParseTrx(Encoding.UTF8.GetBytes(xml)).ShouldBe(new TestTotals(2, 1, 1));
    }

    [Fact]
    public void I_get_no_totals_from_a_half_written_results_file()
    {
        var truncated = Encoding.UTF8.GetBytes("<testsuites><testsuite tests=\"3\"><testcase name=\"a\" /><testca");

        TestTotalsFiles.ParseJUnit(truncated).ShouldBeNull();
        TestTotalsFiles.ParseTrx(truncated).ShouldBeNull();
    }

    [Fact]
    public void I_get_no_totals_from_a_file_with_a_document_type()
    {
        var xml = Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><testsuites><testcase name=\"&a;\" /></testsuites>");

        TestTotalsFiles.ParseJUnit(xml).ShouldBeNull();
    }
}
