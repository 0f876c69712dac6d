using Pace.Adapters.Verification;
using Pace.Core.Verification;

namespace Pace.Adapters.Tests.Verification;

public sealed class CheckRunnerTests : IDisposable
{
    private readonly TempFolder _tree = new();
    private readonly TempFolder _logs = new();

    public void Dispose()
    {
        _tree.Dispose();
        _logs.Dispose();
    }

    private Task<CheckResult> Run(string command, TimeSpan? timeout = null, CheckRunner? runner = null, CancellationToken cancellationToken = default) =>
        (runner ?? new CheckRunner()).RunAsync(new CheckSpec("test", command, timeout ?? TimeSpan.FromMinutes(1)), _tree.Path, _logs.Path, cancellationToken);

    [Fact]
    public async Task I_can_run_a_passing_check_in_the_tree_and_find_its_output_in_the_log()
    {
        var result = await Run("pwd; echo to-out; echo to-err >&2", cancellationToken: TestContext.Current.CancellationToken);

        result.Passed.ShouldBeTrue();
        result.ExitCode.ShouldBe(0);
        result.TimedOut.ShouldBeFalse();
        result.OutputPath.ShouldBe(Path.Combine(_logs.Path, "test.log"));
        var lines = await File.ReadAllLinesAsync(result.OutputPath, TestContext.Current.CancellationToken);
        lines.ShouldContain(_tree.Path);
        lines.ShouldContain("to-out");
        lines.ShouldContain("to-err");
        result.OutputTail.ShouldContain("to-err");
    }

    [Fact]
    public async Task I_see_the_exit_code_of_a_failing_check()
    {
        var result = await Run("echo broken; exit 3", cancellationToken: TestContext.Current.CancellationToken);

        result.Passed.ShouldBeFalse();
        result.ExitCode.ShouldBe(3);
        result.TimedOut.ShouldBeFalse();
        result.OutputTail.ShouldBe("broken");
    }

    [Fact]
    public async Task I_can_run_a_check_that_reads_its_input_without_it_hanging()
    {
        var result = await Run("cat; echo after-input", cancellationToken: TestContext.Current.CancellationToken);

        result.Passed.ShouldBeTrue();
        result.OutputTail.ShouldBe("after-input");
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_stop_a_check_at_its_timeout_with_every_process_it_started()
    {
        var result = await Run("echo $$ > shell.pid; sleep 600 & echo $! > child.pid; sleep 600", TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken);

        result.TimedOut.ShouldBeTrue();
        result.ExitCode.ShouldBeNull();
        result.Passed.ShouldBeFalse();
        result.OutputTail.ShouldContain("timed out after 1 s");
        IsAlive(await File.ReadAllTextAsync(_tree.File("shell.pid"), TestContext.Current.CancellationToken)).ShouldBeFalse();
        IsAlive(await File.ReadAllTextAsync(_tree.File("child.pid"), TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact(Timeout = 60_000)]
    public async Task I_can_interrupt_a_check_and_it_dies()
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        interrupt.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Should.ThrowAsync<OperationCanceledException>(() => Run("echo $$ > shell.pid; sleep 600", cancellationToken: interrupt.Token));

        IsAlive(await File.ReadAllTextAsync(_tree.File("shell.pid"), TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact]
    public async Task I_get_the_whole_of_a_large_output_in_the_log_and_only_its_end_in_the_tail()
    {
        var result = await Run("seq 1 200000; seq 1 1000 >&2; echo last-line", cancellationToken: TestContext.Current.CancellationToken);

        // The two streams interleave in no fixed order; each stream's own lines keep theirs.
        var lines = await File.ReadAllLinesAsync(result.OutputPath, TestContext.Current.CancellationToken);
        lines.Length.ShouldBe(201_001);
        lines.Count(line => line == "200000").ShouldBe(1);
        var stdoutEnd = lines.Where(line => line is "199999" or "200000" or "last-line").TakeLast(3);
        stdoutEnd.ShouldBe(["199999", "200000", "last-line"]);
        result.OutputTail.Length.ShouldBeLessThanOrEqualTo(CheckRunner.TailLength);
        result.OutputTail.Length.ShouldBeGreaterThan(CheckRunner.TailLength / 2);
        string.Join("\n", lines).ShouldEndWith(result.OutputTail.TrimEnd('\n'));
    }

    [Fact]
    public async Task I_read_the_test_totals_a_check_prints_even_on_its_error_stream()
    {
        var result = await Run("echo '..s'; printf '%s\\n' '----' 'Ran 3 tests in 0.002s' '' 'OK (skipped=1)' >&2", cancellationToken: TestContext.Current.CancellationToken);

        result.Totals.ShouldBe(new TestTotals(2, 0, 1));
    }

    [Fact]
    public async Task I_find_no_totals_when_a_check_prints_none()
    {
        var result = await Run("echo built", cancellationToken: TestContext.Current.CancellationToken);

        result.Totals.ShouldBeNull();
    }

    [Fact]
    public async Task I_never_find_a_secret_of_the_environment_in_the_log()
    {
        const string secret = "sk-demo-0123456789abcdef";
        var runner = new CheckRunner(new Dictionary<string, string?> { ["DEMO_API_KEY"] = secret, ["PLAIN"] = "visible-value" });

        var result = await Run("echo \"key is $DEMO_API_KEY\"; echo \"plain is $PLAIN\"", runner: runner, cancellationToken: TestContext.Current.CancellationToken);

        var log = await File.ReadAllTextAsync(result.OutputPath, TestContext.Current.CancellationToken);
        log.ShouldNotContain(secret);
        log.ShouldContain("key is [REDACTED]");
        log.ShouldContain("plain is visible-value");
        result.OutputTail.ShouldNotContain(secret);
    }

    [Fact]
    public async Task I_get_a_failed_result_when_the_tree_does_not_exist()
    {
        var result = await new CheckRunner().RunAsync(new CheckSpec("build", "true", TimeSpan.FromMinutes(1)), _tree.File("missing"), _logs.Path, TestContext.Current.CancellationToken);

        result.Passed.ShouldBeFalse();
        result.ExitCode.ShouldBeNull();
        result.OutputTail.ShouldContain("does not exist");
        File.Exists(result.OutputPath).ShouldBeTrue();
    }

    [Fact]
    public async Task I_cannot_run_a_check_without_a_time_limit() =>
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Run("true", TimeSpan.Zero, cancellationToken: TestContext.Current.CancellationToken));

    [Theory]
    [InlineData("test", "test.log")]
    [InlineData("unit tests (fast)", "unit-tests--fast.log")]
    [InlineData("../../etc/passwd", "etc-passwd.log")]
    [InlineData("///", "check.log")]
    public void I_get_a_safe_log_file_name_from_any_check_name(string name, string file) =>
        CheckRunner.LogFileName(name).ShouldBe(file);

    /// <summary>Alive means in the process table and not a zombie waiting to be reaped.</summary>
    private static bool IsAlive(string pidText)
    {
        var stat = $"/proc/{pidText.Trim()}/stat";
        try
        {
            var fields = File.ReadAllText(stat);
            return fields[(fields.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }
}
