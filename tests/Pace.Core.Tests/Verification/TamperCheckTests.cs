using Pace.Core.Verification;

namespace Pace.Core.Tests.Verification;

public sealed class TamperCheckTests
{
    private static readonly TamperRules Rules = new(TamperRules.PaceOwned, ["tests/**", "**/*_test.py", "spec"]);

    [Theory]
    [InlineData("feature_list.json", "feature_list.json", true)]
    [InlineData("feature_list.json", "sub/feature_list.json", false)]
    [InlineData(".pace/**", ".pace/sessions/3/evidence.json", true)]
    [InlineData(".pace/**", ".pacer/x", false)]
    [InlineData("tests/**", "tests/unit/test_a.py", true)]
    [InlineData("tests/", "tests/unit/test_a.py", true)]
    [InlineData("tests", "tests/unit/test_a.py", true)]
    [InlineData("tests/**", "src/tests.py", false)]
    [InlineData("**/*_test.py", "calc_test.py", true)]
    [InlineData("**/*_test.py", "pkg/deep/calc_test.py", true)]
    [InlineData("**/*_test.py", "pkg/calc_test.pyc", false)]
    [InlineData("*_test.go", "calc_test.go", true)]
    [InlineData("*_test.go", "pkg/calc_test.go", false)]
    [InlineData("src/**/test?.cs", "src/a/b/test1.cs", true)]
    [InlineData("src/**/test?.cs", "src/test12.cs", false)]
    [InlineData("**/__tests__/**", "web/src/__tests__/cart.test.js", true)]
    [InlineData("Tests/**", "tests/a.cs", false)]
    public void I_can_match_paths_with_globs(string pattern, string path, bool expected) =>
        PathGlob.IsMatch(pattern, path).ShouldBe(expected);

    [Fact]
    public void I_can_match_paths_written_with_backslashes_or_a_leading_dot() =>
        PathGlob.IsMatch("tests/**", @".\tests\unit\a.py").ShouldBeTrue();

    [Fact]
    public void I_find_every_owned_path_the_agent_touched()
    {
        var report = TamperCheck.Inspect(Rules, ["src/cart.py", "feature_list.json", ".pace/state.json", "pace.json"], [".pace/lock"]);

        report.OwnedPathsTouched.ShouldBe([".pace/lock", ".pace/state.json", "feature_list.json", "pace.json"]);
        report.ProtectedTestsChanged.ShouldBeEmpty();
        report.ProtectedTestsDeleted.ShouldBeEmpty();
    }

    [Fact]
    public void I_tell_deleted_tests_from_changed_tests()
    {
        var changed = new[] { "tests/test_cart.py", "tests/test_api.py", "calc_test.py", "spec/a.md", "src/app.py" };
        var deleted = new[] { "tests/test_api.py", "calc_test.py" };

        var report = TamperCheck.Inspect(Rules, changed, deleted);

        report.ProtectedTestsDeleted.ShouldBe(["calc_test.py", "tests/test_api.py"]);
        report.ProtectedTestsChanged.ShouldBe(["spec/a.md", "tests/test_cart.py"]);
        report.OwnedPathsTouched.ShouldBeEmpty();
    }

    [Fact]
    public void I_report_nothing_when_the_agent_kept_to_the_source()
    {
        var report = TamperCheck.Inspect(Rules, ["src/app.py", "README.md"], ["src/old.py"]);

        report.IsClean.ShouldBeTrue();
    }
}
