using Pace.Adapters.Processes;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

/// <summary>
/// A full disk, made for real: `unshare -rm` gives the test a user and mount namespace of its own,
/// where it may mount a small tmpfs without privileges. The project is copied onto it, the disk is
/// filled, and pace runs there, then again after the space is freed (the tmpfs lives as long as the
/// namespace, so both runs happen in one shell inside it). Where the kernel forbids unprivileged
/// user namespaces the test says so and is skipped.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_run_on_a_full_disk_says_no_space_left_where_and_exits_74_without_a_stack_trace()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");

        var runs = await RunOnSmallDiskAsync(project, fillBefore: true);

        runs.First.ExitCode.ShouldBe(74, runs.First.ToString());
        runs.First.Stderr.ShouldContain("pace: out of disk space: ");
        runs.First.Stderr.ShouldContain("/disk/repo/");
        runs.First.Stderr.ShouldNotContain("internal error");
        runs.First.Stderr.ShouldNotContain("   at ");
        runs.Second.ExitCode.ShouldBe(0, runs.Second.ToString());
        runs.Log.ShouldBe("feat(core): A-1 - Feature A-1\nInitial project\n");
    }

    [Fact]
    public async Task A_disk_filled_during_the_agents_session_stops_the_run_with_74_and_the_run_after_freeing_space_ends_right()
    {
        using var project = new LoopProject("A-1");
        project.Implements("A-1");

        var runs = await RunOnSmallDiskAsync(project, fillBefore: false);

        runs.First.ExitCode.ShouldBe(74, runs.First.ToString());
        runs.First.Stderr.ShouldContain("pace: out of disk space: ");
        runs.First.Stderr.ShouldNotContain("   at ");
        runs.Second.ExitCode.ShouldBe(0, runs.Second.ToString());
        runs.Log.ShouldBe("feat(core): A-1 - Feature A-1\nInitial project\n");
        runs.Status.ShouldBeEmpty();
    }

    private static async Task<(PaceRun First, PaceRun Second, string Log, string Status)> RunOnSmallDiskAsync(LoopProject project, bool fillBefore)
    {
        using var temp = new TempFolder();
        var disk = temp.Folder("disk");
        var output = temp.Folder("out");
        var fill = $"head -c 200000000 /dev/zero > {disk}/fill 2>/dev/null";
        if (!fillBefore)
        {
            // Another process fills the disk while the agent works; the agent's own files are written first.
            project.Behave("A-1", $"echo done > A-1.txt; mkdir -p tests; echo 'needs A-1.txt' > tests/A-1.test; {fill}", attempt: 1);
        }

        var script = $$"""
            mount -t tmpfs -o size=16m tmpfs {{disk}} || exit 90
            cp -a {{project.Folder}} {{disk}}/repo && cd {{disk}}/repo || exit 91
            {{(fillBefore ? fill : "")}}
            "$@" run --until-complete > {{output}}/1.out 2> {{output}}/1.err; echo $? > {{output}}/1.rc
            rm -f {{disk}}/fill
            "$@" run --until-complete > {{output}}/2.out 2> {{output}}/2.err; echo $? > {{output}}/2.rc
            git log --format=%s > {{output}}/log; git status --porcelain > {{output}}/status
            """;
        var (fileName, arguments) = PaceExecutable.Command([]);
        var environment = new Dictionary<string, string?>(LoopProject.Environment) { [PaceExecutable.Variable] = null };
        var spec = new ProcessSpec("unshare", ["-rm", "sh", "-c", script, "sh", fileName, .. arguments], project.Folder) { Environment = environment, Timeout = TimeSpan.FromMinutes(3) };
        var (result, _, stderr) = await ProcessRunner.CaptureAsync(spec, TestContext.Current.CancellationToken);
        if (result.ExitCode is 90 or 1 && !File.Exists(Path.Combine(output, "1.rc")))
        {
            Assert.Skip($"no small disk to fill: unshare -rm with a tmpfs mount is not allowed here ({stderr.Trim()})");
        }

        result.ExitCode.ShouldBe(0, stderr);
        PaceRun Read(string n) => new(int.Parse(File.ReadAllText(Path.Combine(output, n + ".rc")).Trim(), System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(output, n + ".out")), File.ReadAllText(Path.Combine(output, n + ".err")));
        return (Read("1"), Read("2"), File.ReadAllText(Path.Combine(output, "log")), File.ReadAllText(Path.Combine(output, "status")));
    }
}
