using System.Text.Json;

namespace Pace.Cli.Tests.Specs;

/// <summary>
/// Kills `pace spec run` at every checkpoint an uninterrupted run reaches (each state save and
/// journal entry, each effect about to start, and the points inside effects between two side
/// effects), resumes with `pace spec run` until it ends, and compares the end with the uninterrupted
/// run (<see cref="SpecOutcome"/>). The spec is <see cref="SpecRepo"/>'s: three waves, two tasks in
/// parallel in the first that conflict when merged (the second runs again on the wave branch), a reviewer that asks for changes once, the local
/// forge, and the final merge confirmed with --yes. The points are learnt from the run itself
/// (PACE_CHECKPOINT_LOG), not listed by hand. At each point `pace doctor` must also see nothing
/// wrong with the spec: a crash leaves an interrupted run, which it must not call damaged.
/// </summary>
public sealed partial class SpecCrashPointTests
{
    private static readonly string[] Run = ["spec", "run", "demo", "--yes"];

    [Fact]
    public async Task A_spec_run_killed_at_every_checkpoint_resumes_to_the_same_end_as_an_uninterrupted_run()
    {
        // Among the points, every one of the hand-written list this suite replaced, one per phase and side effect.
        string[] known =
        [
            "wave-started:1@1", "agent-finished:a@1", "task-committed:b@1", "task-passed:1:a@1", "task-merge-refused:1:b@1", "agent-finished:b@2", "task-committed:b@2",
            "task-branches-merged:1@1", "pull-request-opened:1@1", "review-posted@1", "review-received:1@1", "agent-finished:review-1-1@1",
            "review-fixes-verified:1@1", "perform-merge-pull-request:1@1", "forge-merged@1", "squash-merged:1@1", "pull-request-merged:1@1",
            "branch-cleaned:1@1", "merge-confirmed:3@1", "pull-request-merged:3@1", "session-committed:c@1", "branch-deleted:feature/demo@1",
        ];

        await CrashEverywhereAsync("spec", _ => { }, points => points, known);
    }

    [Fact]
    public async Task A_spec_run_killed_around_a_task_that_starts_two_waves_early_resumes_to_the_same_end()
    {
        // As in EarlyStartTests: b ends after c's early pass and does not conflict with a, so d (wave 3)
        // starts during wave 1 from c's early commit and b's commit merged. Tried: the points of d's
        // runs, of every early start and result, and of b's merge checked on the tree with a's work
        // (the rest is the suite above).
        await CrashEverywhereAsync(
            "two-waves-early",
            repo => repo.Behave("task-b", $"{repo.WaitForStep("early-task-passed:1:c")}; echo b > b.txt; mkdir -p tests; echo 'needs b.txt' > tests/b.test"),
            points => [.. points.Where(p => p.Split('@')[0].EndsWith(":d", StringComparison.Ordinal) || p.Contains("early", StringComparison.Ordinal) || p.StartsWith("integrated-checks-run:", StringComparison.Ordinal))],
            ["early-task-started:1:d@1", "early-task-passed:1:d@1", "early-replayed:d@1", "integrated-checks-run:b@1"]);
    }

    [Fact]
    public async Task A_spec_run_killed_around_a_task_paused_by_a_usage_window_resumes_to_the_same_end()
    {
        // Tasks a and b in one wave, the fake Claude of SpecUsageLimitTests: a's first session meets a
        // window that resets two seconds later, its slot waits while b goes on, then a passes. Every point.
        await CrashEverywhereAsync(
            "paused-task",
            repo => SpecUsageLimitTests.UseFakeClaude(repo, resetSeconds: 2),
            points => points,
            ["task-paused:1:a@1", "task-resumed:1:a@1", "task-passed:1:a@1"]);
    }

    /// <summary>
    /// Learns the points from an uninterrupted run of the spec as <paramref name="setup"/> leaves it,
    /// requires <paramref name="known"/> among those <paramref name="select"/> keeps, then kills a run
    /// at each of them and compares its resumed end with the uninterrupted one.
    /// </summary>
    private static async Task CrashEverywhereAsync(string label, Action<SpecRepo> setup, Func<List<string>, List<string>> select, string[] known)
    {
        using var reference = new SpecRepo();
        setup(reference);
        var log = Path.Combine(reference.AgentFolder, "checkpoints.log");
        var clean = await reference.RunAsync(new Dictionary<string, string?> { ["PACE_CHECKPOINT_LOG"] = log }, Run);
        clean.ExitCode.ShouldBe(0, clean.ToString());
        var expected = SpecOutcome.Of(reference);
        var points = select(Targets(File.ReadAllLines(log)));
        known.ShouldBeSubsetOf(points);

        // Two at a time: each point is a few short pace processes, mostly waiting on git and the scripted agents.
        var results = new string?[points.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = TestContext.Current.CancellationToken };
        await Parallel.ForAsync(0, points.Count, options, async (i, _) => results[i] = await TryCrashAtAsync(points[i], expected, setup));
        var failures = results.OfType<string>().ToList();

        var summary = $"{label} crash points tried: {points.Count}, matched: {points.Count - failures.Count}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary + "\n" + string.Join("\n", points));
        // The count belongs in the CI log too (scripts/test.sh); xunit v3 does not capture the console by default.
        Console.WriteLine($"{nameof(SpecCrashPointTests)}: {summary}");
        failures.ShouldBeEmpty(summary + "\n" + string.Join("\n\n", failures));
    }

    [Fact]
    public async Task A_spec_run_stops_at_its_Nth_checkpoint_and_has_logged_exactly_those_before()
    {
        using var repo = new SpecRepo();
        var log = Path.Combine(repo.AgentFolder, "checkpoints.log");

        var crashed = await repo.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = "#4", ["PACE_CHECKPOINT_LOG"] = log }, Run);

        crashed.ExitCode.ShouldBe(137, crashed.ToString());
        File.ReadAllLines(log).ShouldBe(["run-requested:1", "perform-run-wave-tasks:1", "base-branch-ready:1", "wave-branch-ready:1"]);
        repo.State().GetProperty("phase").GetString().ShouldBe("EXECUTE");
    }

    /// <summary>Each checkpoint as "name@K", its Kth passage: the tasks of a wave run in parallel, so "#N" would name a different point in another run.</summary>
    private static List<string> Targets(IEnumerable<string> checkpoints)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. checkpoints.Select(c => $"{c}@{seen[c] = seen.GetValueOrDefault(c) + 1}")];
    }

    /// <summary>
    /// Parallel tasks interleave differently from run to run. An early start's events are named after
    /// the wave the run was at when they happened (early-task-passed:3:d: d's early result came while
    /// the run was at wave 3), so the same event may be early-task-passed:2:d in another run. A crash
    /// run that ends without passing its point is tried again at that same event under the name this
    /// interleaving gave it, or as it was; three runs in all. A run that passed its point and did not
    /// die there is a failure at once.
    /// </summary>
    private static async Task<string?> TryCrashAtAsync(string point, string expected, Action<SpecRepo> setup)
    {
        string? failure = null;
        var target = point;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            (failure, var reached, var log) = await TryCrashOnceAsync(target, expected, setup);
            if (reached)
            {
                return failure;
            }

            target = SameEventIn(log, point) ?? point;
        }

        return $"{point}: three runs went another way and never reached it; the last: {failure}";
    }

    /// <summary>The name <paramref name="point"/>'s event (an early start's, with its occurrence) had in a run's log, if that run had it under another wave.</summary>
    private static string? SameEventIn(IReadOnlyList<string> log, string point)
    {
        var shape = EarlyEvent().Match(point);
        return shape.Success
            ? Targets(log).FirstOrDefault(p => EarlyEvent().Match(p) is { Success: true } m && m.Groups[1].Value == shape.Groups[1].Value && m.Groups[2].Value == shape.Groups[2].Value)
            : null;
    }

    /// <summary>An early start's event: its kind, the run's wave then, and the task with the occurrence.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^(early-task-(?:started|passed|failed)):[0-9]+:(.+)$")]
    private static partial System.Text.RegularExpressions.Regex EarlyEvent();

    /// <summary>The failure, if any, whether the run reached the point at all, and the points it passed.</summary>
    private static async Task<(string? Failure, bool Reached, string[] Log)> TryCrashOnceAsync(string point, string expected, Action<SpecRepo> setup)
    {
        using var repo = new SpecRepo();
        setup(repo);
        var log = Path.Combine(repo.AgentFolder, "crash-run.log");
        var crashed = await repo.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = point, ["PACE_CHECKPOINT_LOG"] = log }, Run);
        if (crashed.ExitCode != 137)
        {
            var passed = File.Exists(log) ? File.ReadAllLines(log) : [];
            return ($"{point}: the run did not die there: {crashed}", Targets(passed).Contains(point), passed);
        }

        // The doctor sees an interrupted run, not a damaged one: nothing about the spec is a problem (the killed run's lock is).
        var doctor = await repo.RunAsync("doctor", "--json");
        using (var report = JsonDocument.Parse(doctor.Stdout))
        {
            var problems = report.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("kind").GetString() == "problem" && f.GetProperty("check").GetString() != "lock")
                .Select(f => f.GetProperty("found").GetString()).ToList();
            if (problems.Count > 0)
            {
                return ($"{point}: pace doctor calls the interrupted run damaged: {string.Join("; ", problems)}", true, []);
            }
        }

        var runs = new List<PaceRun>();
        do
        {
            runs.Add(await repo.RunAsync(Run));
        }
        while (runs[^1].ExitCode == 3 && runs.Count < 4);

        if (runs[^1].ExitCode != 0)
        {
            return ($"{point}: the resumed run ended with {string.Join("\n", runs)}", true, []);
        }

        var actual = SpecOutcome.Of(repo);
        return (actual == expected ? null : $"{point}: differs\n{Diff(expected, actual)}", true, []);
    }

    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lines = new List<string>();
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "<none>";
            var y = i < b.Length ? b[i] : "<none>";
            if (x != y)
            {
                lines.Add($"  line {i + 1}: expected {x}\n           actual   {y}");
            }
        }

        return string.Join("\n", lines.Take(12));
    }
}
