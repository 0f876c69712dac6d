using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class JavaScriptTotalsTests
{
    [Fact]
    public void I_can_read_the_jest_summary_and_not_the_suites_line()
    {
        const string output = """
             FAIL  src/cart.test.js
              ● cart › adds a discount

                expect(received).toBe(expected) // Object.is equality

             PASS  src/api.test.js

            Test Suites: 1 failed, 1 passed, 2 total
            Tests:       1 failed, 1 skipped, 2 todo, 4 passed, 8 total
            Snapshots:   0 total
            Time:        1.234 s
            Ran all test suites.
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(4, 1, 3));
    }

    [Fact]
    public void I_can_read_the_vitest_summary_through_its_colours()
    {
        const string output =
            " \u001b[32m✓\u001b[39m src/sum.test.ts \u001b[2m(3 tests)\u001b[22m\n" +
            " \u001b[31m❯\u001b[39m src/cart.test.ts \u001b[2m(3 tests | 1 failed)\u001b[22m\n" +
            "\n" +
            "\u001b[2m Test Files \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m1 passed\u001b[39m\u001b[22m\u001b[90m (2)\u001b[39m\n" +
            "\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[1m\u001b[32m4 passed\u001b[39m\u001b[22m\u001b[2m | \u001b[22m\u001b[33m1 skipped\u001b[39m\u001b[90m (6)\u001b[39m\n" +
            "\u001b[2m   Start at \u001b[22m 10:21:07\n" +
            "\u001b[2m   Duration \u001b[22m 412ms\n";

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(4, 1, 1));
    }

    [Fact]
    public void I_can_read_node_test_with_the_tap_reporter()
    {
        const string output = """
            TAP version 13
            # Subtest: adds
            ok 1 - adds
              ---
              duration_ms: 0.61
              ...
            # Subtest: subtracts
            not ok 2 - subtracts
              ---
              duration_ms: 0.9
              failureType: 'testCodeFailure'
              ...
            # Subtest: later
            ok 3 - later # SKIP
            1..3
            # tests 3
            # suites 0
            # pass 1
            # fail 1
            # cancelled 0
            # skipped 1
            # todo 0
            # duration_ms 48.1
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(1, 1, 1));
    }

    [Fact]
    public void I_can_read_node_test_with_the_spec_reporter()
    {
        const string output = """
            ✔ adds (0.5ms)
            ✖ subtracts (0.9ms)
            ℹ tests 6
            ℹ suites 1
            ℹ pass 3
            ℹ fail 1
            ℹ cancelled 1
            ℹ skipped 0
            ℹ todo 1
            ℹ duration_ms 51.2
            """;

        TestTotalsParser.Parse(output).ShouldBe(new TestTotals(3, 2, 1));
    }
}
