namespace Pace.Cli.Tests.Specs;

/// <summary>
/// Kills `pace spec run` at every checkpoint an uninterrupted run reaches (each state save and
/// journal entry, each effect about to start, and the points inside effects between two side
/// effects), resumes with `pace spec run` until it ends, and compares the end with the uninterrupted
/// run (<see cref="SpecOutcome"/>). The spec is <see cref="SpecRepo"/>'s: three waves, two tasks in
/// parallel in the first that conflict when merged, a reviewer that asks for changes once, the local
/// forge, and the final merge confirmed with --yes. The points are learnt from the run itself
/// (PACE_CHECKPOINT_LOG), not listed by hand.
/// </summary>
public sealed class SpecCrashPointTests
{
    private static readonly string[] Run = ["spec", "run", "demo", "--yes"];

    [Fact]
    public async Task A_spec_run_killed_at_every_checkpoint_resumes_to_the_same_end_as_an_uninterrupted_run()
    {
        using var reference = new SpecRepo();
        var log = Path.Combine(reference.AgentFolder, "checkpoints.log");
        var clean = await reference.RunAsync(new Dictionary<string, string?> { ["PACE_CHECKPOINT_LOG"] = log }, Run);
        clean.ExitCode.ShouldBe(0, clean.ToString());
        var expected = SpecOutcome.Of(reference);
        var points = Targets(File.ReadAllLines(log));
        points.ShouldContain("review-posted@2");
        points.ShouldContain("agent-finished:conflict-b@1");
        points.ShouldContain("squash-merged:3@1");

        // Two at a time: each point is a few short pace processes, mostly waiting on git and the scripted agents.
        var results = new string?[points.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = TestContext.Current.CancellationToken };
        await Parallel.ForAsync(0, points.Count, options, async (i, _) => results[i] = await TryCrashAtAsync(points[i], expected));
        var failures = results.OfType<string>().ToList();

        var summary = $"spec crash points tried: {points.Count}, matched: {points.Count - failures.Count}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary + "\n" + string.Join("\n", points));
        // The count belongs in the CI log too (scripts/test.sh); xunit v3 does not capture the console by default.
        Console.WriteLine($"{nameof(SpecCrashPointTests)}: {summary}");
        failures.ShouldBeEmpty(summary + "\n" + string.Join("\n\n", failures));
    }

    /// <summary>Each checkpoint as "name@K", its Kth passage: the tasks of a wave run in parallel, so "#N" would name a different point in another run.</summary>
    private static List<string> Targets(IEnumerable<string> checkpoints)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. checkpoints.Select(c => $"{c}@{seen[c] = seen.GetValueOrDefault(c) + 1}")];
    }

    private static async Task<string?> TryCrashAtAsync(string point, string expected)
    {
        using var repo = new SpecRepo();
        var crashed = await repo.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = point }, Run);
        if (crashed.ExitCode != 137)
        {
            return $"{point}: the run did not die there: {crashed}";
        }

        var runs = new List<PaceRun>();
        do
        {
            runs.Add(await repo.RunAsync(Run));
        }
        while (runs[^1].ExitCode == 3 && runs.Count < 4);

        if (runs[^1].ExitCode != 0)
        {
            return $"{point}: the resumed run ended with {string.Join("\n", runs)}";
        }

        var actual = SpecOutcome.Of(repo);
        return actual == expected ? null : $"{point}: differs\n{Diff(expected, actual)}";
    }

    private static string Diff(string expected, string actual)
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
