namespace Pace.Cli.Tests;

/// <summary>
/// The hand-read fast path of next, status, update and validate (src/Pace.Cli/FastPath.cs) against
/// the full System.CommandLine parser: on the same arguments and files both print the same, exit
/// the same and leave the same files; what the fast path does not fully understand it declines.
/// </summary>
public sealed class FastPathTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    /// <summary>Arguments (split on spaces) and the list they run on.</summary>
    public static readonly TheoryData<string, string> Same = new()
    {
        { "next", "standard" }, { "next --json", "standard" }, { "next -f feature_list.json", "standard" },
        { "next --file feature_list.json --json", "standard" }, { "next --json --file missing.json", "standard" },
        { "next --json", "all passing" }, { "next", "plain array" }, { "next --json", "invalid" }, { "next", "invalid" },
        { "status", "standard" }, { "status --json", "standard" }, { "progress --json", "plain array" },
        { "status --check", "standard" }, { "status --check --json", "standard" }, { "progress --json --check", "all passing" },
        { "status --json", "invalid" }, { "status", "missing" }, { "status --json", "missing" },
        { "validate", "standard" }, { "validate --json", "standard" }, { "validate", "invalid" }, { "validate --json", "invalid" },
        { "validate --json", "not json" },
        { "update MED-1 pass", "standard" }, { "update MED-1 pass --json", "standard" }, { "update HIGH-1 pass", "standard" },
        { "update HIGH-1 fail --json", "standard" }, { "update NOPE-1 fail --json", "standard" }, { "update NOPE-1 fail", "standard" },
        { "update --file feature_list.json MED-1 fail", "standard" }, { "update MED-1 -f feature_list.json pass --json", "standard" },
        { "update F002 pass --json", "plain array" }, { "update LOW-1 pass --json", "invalid" },
        // An id may start with @: response files are off everywhere (issue 13).
        { "update @id pass", "standard" }, { "update @id fail --json", "standard" },
        { "update MED-1 PASS", "standard" }, { "update HIGH-1 Fail --json", "standard" }, { "update MED-1 pAsS --json", "standard" },
        { "validate --json", "missing" }, { "validate --json --file missing.json", "standard" },
    };

    public static readonly TheoryData<string> Declined = new()
    {
        "", "--help", "--version", "run", "init", "Next", "next --help", "next -h", "next -?", "next extra", "next --json --json",
        "next --json true", "next --json false", "next --file", "next --file --json", "next -f a -f b", "next --file=a",
        "next @args.rsp", "next --check", "status --check --check", "status --check false", "validate --strict",
        "update MED-1", "update MED-1 maybe", "update MED-1 passed", "update MED-1 pass extra", "update --json MED-1 pass",
        "update -x pass", "update MED-1 pass --json false", "status -- --json",
    };

    [Theory]
    [MemberData(nameof(Same))]
    public void I_get_the_same_output_exit_code_and_files_from_the_fast_path_as_from_the_full_parser(string arguments, string list)
    {
        var args = arguments.Split(' ');
        FastPath.Parse(args).ShouldNotBeNull(arguments);

        var fast = RunOnCopy(list, (folder, context) => FastPath.TryRun(args, context)!.Value);
        var full = RunOnCopy(list, (folder, context) => PaceCli.Run(args, context));

        fast.ShouldBe(full, arguments);
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void I_get_the_full_parser_for_anything_the_fast_path_does_not_fully_understand(string arguments)
    {
        var args = arguments.Length == 0 ? [] : arguments.Split(' ');

        FastPath.Parse(args).ShouldBeNull(arguments);
        RunOnCopy("standard", (_, context) => FastPath.TryRun(args, context) ?? -1).ExitCode.ShouldBe(-1);
    }

    [Fact]
    public void I_get_the_same_refusal_of_an_empty_id_from_both_paths()
    {
        string[] args = ["update", "", "pass"];

        FastPath.Parse(args).ShouldBeNull();
        RunOnCopy("standard", (_, context) => PaceCli.Run(args, context)).ExitCode.ShouldBe(2);
    }

    private static Outcome RunOnCopy(string list, Func<TempFolder, CliContext, int> run)
    {
        using var folder = new TempFolder();
        var text = list switch
        {
            "standard" => SampleLists.Standard(),
            "all passing" => SampleLists.AllPassing(),
            "plain array" => SampleLists.PlainArray(),
            "invalid" => SampleLists.Standard().Replace("\"priority\": \"medium\"", "\"priority\": \"soon\""),
            "not json" => SampleLists.Standard()[..200],
            _ => null,
        };
        if (text is not null)
        {
            folder.Write(SampleLists.FileName, text);
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = run(folder, new CliContext(stdout, stderr, folder.Path, IsTerminal: false, new FixedClock(Now)));
        var files = folder.Files().Select(f => f + "\n" + folder.Text(f).Replace(folder.Path, "<folder>", StringComparison.Ordinal));
        return new Outcome(
            code,
            stdout.ToString().Replace(folder.Path, "<folder>", StringComparison.Ordinal),
            stderr.ToString().Replace(folder.Path, "<folder>", StringComparison.Ordinal),
            string.Join("\n---\n", files));
    }

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr, string Files);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
