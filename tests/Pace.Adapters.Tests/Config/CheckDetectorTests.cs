using Pace.Adapters.Config;
using Pace.Adapters.Verification;
using Pace.Adapters.Tests.Verification;
using Pace.Core.Verification;

namespace Pace.Adapters.Tests.Config;

/// <summary>The test command `pace init` guesses for a Python project with tests/test_*.py, run for real with python3.</summary>
public sealed class CheckDetectorTests : IDisposable
{
    private readonly TempFolder _tree = new();
    private readonly TempFolder _logs = new();

    public void Dispose()
    {
        _tree.Dispose();
        _logs.Dispose();
    }

    [Theory]
    [InlineData(false, "python3 -m unittest discover -s tests")]
    [InlineData(true, "python3 -m unittest discover -s tests -t .")]
    public async Task The_guess_for_unittest_runs_whether_or_not_tests_is_a_package(bool package, string expected)
    {
        Write("calc.py", "def add(a, b):\n    return a + b");
        Write("tests/test_calc.py", "import unittest\nfrom calc import add\nclass T(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 2), 3)");
        if (package)
        {
            Write("tests/__init__.py", "");
        }

        var check = CheckDetector.Detect(_tree.Path)!;
        var result = await new CheckRunner().RunAsync(check, _tree.Path, _logs.Path, TestContext.Current.CancellationToken);

        check.Command.ShouldBe(expected);
        result.Passed.ShouldBeTrue(result.OutputTail);
        result.Totals.ShouldBe(new TestTotals(1, 0, 0));
    }

    private void Write(string relativePath, string content)
    {
        var path = _tree.File(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content + "\n");
    }
}
