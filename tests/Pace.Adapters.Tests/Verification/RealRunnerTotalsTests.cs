using Pace.Adapters.Verification;
using Pace.Core.Verification;

namespace Pace.Adapters.Tests.Verification;

/// <summary>Totals read from the real output of runners installed on this machine; skipped where one is missing.</summary>
public sealed class RealRunnerTotalsTests : IDisposable
{
    private readonly TempFolder _tree = new();
    private readonly TempFolder _logs = new();

    public void Dispose()
    {
        _tree.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task I_can_read_the_totals_of_a_real_python_unittest_run()
    {
        SkipUnlessInstalled("python3");
        Write("test_calc.py", """
            import unittest
            class CalcTest(unittest.TestCase):
                def test_adds(self): self.assertEqual(1 + 1, 2)
                def test_fails(self): self.assertEqual(1, 2)
                def test_errors(self): raise RuntimeError("boom")
                @unittest.skip("later")
                def test_later(self): pass
                @unittest.expectedFailure
                def test_known(self): self.assertEqual(1, 2)
            """);

        var result = await Run("python3 -m unittest");

        result.ExitCode.ShouldBe(1);
        result.Totals.ShouldBe(new TestTotals(2, 2, 1));
    }

    [Fact]
    public async Task I_can_read_the_totals_of_a_real_node_test_run()
    {
        SkipUnlessInstalled("node");
        Write("calc.test.mjs", """
            import test from 'node:test';
            import assert from 'node:assert';
            test('adds', () => assert.equal(1 + 1, 2));
            test('fails', () => assert.equal(1, 2));
            test('later', { skip: true }, () => {});
            test('todo', { todo: true }, () => {});
            test('group', async (t) => { await t.test('inner', () => {}); });
            """);

        var result = await Run("node --test");

        result.ExitCode.ShouldBe(1);
        result.Totals.ShouldBe(new TestTotals(3, 1, 2));
    }

    [Fact]
    public async Task I_can_add_up_the_totals_of_a_real_cargo_test_run()
    {
        SkipUnlessInstalled("cargo");
        Write("Cargo.toml", "[package]\nname = \"calc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        Write("src/lib.rs", """
            /// ```
            /// assert_eq!(calc::add(1, 1), 2);
            /// ```
            pub fn add(a: i32, b: i32) -> i32 { a + b }
            #[cfg(test)]
            mod tests {
                #[test] fn adds() { assert_eq!(super::add(2, 2), 4); }
                #[test] #[ignore] fn slow() {}
            }
            """);
        Write("tests/api.rs", "#[test] fn api() { assert_eq!(calc::add(1, 2), 3); }\n#[test] fn broken() { assert_eq!(calc::add(1, 2), 4); }\n");

        var result = await Run("cargo test --offline --no-fail-fast");

        result.ExitCode.ShouldNotBe(0);
        result.Totals.ShouldBe(new TestTotals(3, 1, 1));
    }

    private Task<CheckResult> Run(string command) =>
        new CheckRunner().RunAsync(new CheckSpec("test", command, TimeSpan.FromMinutes(5)), _tree.Path, _logs.Path, TestContext.Current.CancellationToken);

    private void Write(string relativePath, string content)
    {
        var path = _tree.File(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content + "\n");
    }

    private static void SkipUnlessInstalled(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var found = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, program)));
        Assert.SkipUnless(found, $"{program} is not installed");
    }
}
