using Pace.Core.Verification;

namespace Pace.Adapters.Config;

/// <summary>
/// Guesses a project's test command from the files at its root, for `pace init`. A guess is only a
/// starting point written into pace.json where the user sees and edits it; Pace never guesses at run time.
/// </summary>
public static class CheckDetector
{
    public static CheckSpec? Detect(string folder)
    {
        bool Has(string name) => File.Exists(Path.Combine(folder, name));
        bool Any(string pattern) => Directory.EnumerateFiles(folder, pattern).Any();

        var command =
            Has("package.json") && File.ReadAllText(Path.Combine(folder, "package.json")).Contains("\"test\"", StringComparison.Ordinal) ? "npm test"
            : Any("*.slnx") || Any("*.sln") || Any("*.csproj") || Any("*.fsproj") ? "dotnet test"
            : Has("Cargo.toml") ? "cargo test"
            : Has("go.mod") ? "go test ./..."
            : Has("pyproject.toml") || Has("pytest.ini") || Has("setup.cfg") ? "python3 -m pytest"
            // "-t ." makes tests/ a package, which unittest refuses without tests/__init__.py ("Start directory is not importable").
            : Directory.Exists(Path.Combine(folder, "tests")) && Directory.EnumerateFiles(Path.Combine(folder, "tests"), "test_*.py").Any()
                ? Has(Path.Combine("tests", "__init__.py")) ? "python3 -m unittest discover -s tests -t ." : "python3 -m unittest discover -s tests"
            : Has("Makefile") && File.ReadAllLines(Path.Combine(folder, "Makefile")).Any(l => l.StartsWith("test:", StringComparison.Ordinal)) ? "make test"
            : null;
        return command is null ? null : new CheckSpec("tests", command, CheckSpec.DefaultTimeout);
    }
}
