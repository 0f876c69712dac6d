using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

/// <summary>
/// Kills `pace run` at every checkpoint an uninterrupted run reaches (state saves and the points
/// inside side effects: between the bookkeeping writes, before the commit, between snapshot and
/// reset, around the evidence), resumes, and compares everything with the uninterrupted run. The
/// points are learnt from the run itself (PACE_CHECKPOINT_LOG), not listed by hand.
/// </summary>
public sealed partial class CrashPointTests
{
    /// <summary>A pass, a failure kept on an attempt ref (B-2, untracked junk left), and a retry that commits on its own.</summary>
    internal static LoopProject Scenario()
    {
        var project = new LoopProject("A-1", "B-2");
        project.Implements("A-1");
        project.Behave("B-2", """
            if git for-each-ref refs/pace/attempts/B-2 | grep -q .; then
              echo done > B-2.txt; echo 'needs B-2.txt' > tests/B-2.test; git add -A; git commit -qm "the agent's own commit"
            else
              echo half > B-2.txt; echo junk > scratch.tmp; echo fail > tests/B-2.test
            fi
            """);
        return project;
    }

    /// <summary>
    /// An unattended night: A-1's first session meets a usage window that resets two seconds later (the
    /// run pauses, then A-1 passes), B-2 fails the same way twice and is set aside as stuck, C-3 passes.
    /// The run ends with B-2 stuck (exit 1).
    /// </summary>
    internal static LoopProject Unattended()
    {
        var project = UsageLimitTests.Project("""{ "jitterSeconds": 0 }""", "A-1", "B-2", "C-3");
        UsageLimitTests.LimitOn(project, 1, "reset 2");
        File.WriteAllText(Path.Combine(project.AgentFolder, "fail.B-2"), "");
        return project;
    }

    [Fact]
    public async Task A_run_killed_at_every_checkpoint_resumes_to_the_same_end_as_an_uninterrupted_run()
    {
        using var reference = Scenario();
        var log = Path.Combine(reference.AgentFolder, "checkpoints.log");
        var clean = await reference.RunAsync(new Dictionary<string, string?> { [LoopHost.CheckpointLogVariable] = log }, "run", "--until-complete");
        clean.ExitCode.ShouldBe(0, clean.ToString());
        var points = File.ReadAllLines(log);
        var expected = Outcome.Of(reference, Outcome.State(reference));
        expected.ShouldContain("ref refs/pace/attempts/B-2/2");
        points.ShouldContain("progress-written:1");
        points.ShouldContain("attempts-snapshot-saved:2");
        points.ShouldContain("agent-commits-undone:3");
        // Killed during the red run, with the proof's temporary worktree in place: the resumed run removes it.
        points.ShouldContain("proof-tree-ready:1");
        points.ShouldContain("proof-tree-ready:3");

        await CrashEverywhereAsync("crash points", points, expected, Scenario, 0, text => text);
    }

    [Fact]
    public async Task A_run_killed_at_every_checkpoint_of_a_pause_and_a_stuck_feature_resumes_to_the_same_end()
    {
        using var reference = Unattended();
        var log = Path.Combine(reference.AgentFolder, "checkpoints.log");
        var clean = await reference.RunAsync(new Dictionary<string, string?> { [LoopHost.CheckpointLogVariable] = log }, "run", "--until-complete");
        clean.ExitCode.ShouldBe(1, clean.ToString());
        var points = File.ReadAllLines(log);
        var expected = Outcome.Of(reference, Outcome.State(reference));
        expected.ShouldContain("stopReason: \"Stuck\"");
        points.ShouldContain("paused:1");
        points.ShouldContain("resumed");
        // B-2's second failed session: the state saved then marks it stuck.
        points.ShouldContain("session-finished:4");

        // Killed after the agent's limited session but before the pause was saved, the resumed run never
        // learns of the limit and runs that session again under its number: one session number fewer.
        // Nothing else may differ, so only the numbers are taken out.
        await CrashEverywhereAsync("pause and stuck crash points", points, WithoutSessionNumbers(expected), Unattended, 1, WithoutSessionNumbers);
    }

    [Fact]
    public async Task A_worktree_run_killed_at_every_checkpoint_resumes_to_the_same_end_as_an_uninterrupted_run()
    {
        using var reference = Scenario();
        var log = Path.Combine(reference.AgentFolder, "checkpoints.log");
        var clean = await reference.RunAsync(new Dictionary<string, string?> { [LoopHost.CheckpointLogVariable] = log }, "run", "--worktree", "--until-complete");
        clean.ExitCode.ShouldBe(0, clean.ToString());
        clean.Stdout.ShouldContain("Moved main forward by the run's 2 commit(s).");
        var points = File.ReadAllLines(log);
        var expected = Outcome.Of(reference, Outcome.State(reference));
        // The same end as a run in the checkout: the run branch and its worktree are gone.
        expected.ShouldNotContain("refs/heads/pace/run");
        expected.ShouldContain("worktrees: 1");

        // Resumed by a plain `pace run`: the state says where the run works.
        await CrashEverywhereAsync("worktree crash points", points, expected, Scenario, 0, text => text, "--worktree");
    }

    /// <summary>Kills a run of <paramref name="scenario"/> at each point in turn, resumes it, and compares its end (exit <paramref name="exitCode"/>) with <paramref name="expected"/>.</summary>
    private static Task CrashEverywhereAsync(string label, string[] points, string expected, Func<LoopProject> scenario, int exitCode, Func<string, string> normalise, params string[] flags) =>
        CrashEverywhereAsync(label, points, expected, scenario, exitCode, normalise, Outcome.Of, pointsVary: false, flags);

    /// <summary>
    /// As above, with the end described by <paramref name="outcome"/>. With <paramref name="pointsVary"/>
    /// (lanes that interleave differently each run, so a run may reach a checkpoint or two fewer than the
    /// reference), a run that ends before it reaches the Nth point is compared as it ended.
    /// </summary>
    private static async Task CrashEverywhereAsync(string label, string[] points, string expected, Func<LoopProject> scenario, int exitCode, Func<string, string> normalise, Func<LoopProject, System.Text.Json.JsonElement, string> outcome, bool pointsVary, params string[] flags)
    {
        // Two at a time: each point is two short pace processes, mostly waiting on git and the agent.
        var results = new string?[points.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = TestContext.Current.CancellationToken };
        await Parallel.ForAsync(0, points.Length, options, async (i, _) => results[i] = await TryCrashAtAsync(scenario, exitCode, normalise, outcome, pointsVary ? points.Length : null, i + 1, points[i], expected, flags));
        var failures = results.OfType<string>().ToList();

        var summary = $"{label} tried: {points.Length}, matched: {points.Length - failures.Count}";
        TestContext.Current.TestOutputHelper?.WriteLine(summary + "\n" + string.Join("\n", points));
        // The count belongs in the CI log too; xunit v3 does not capture the console by default.
        Console.WriteLine($"{nameof(CrashPointTests)}: {summary}");
        failures.ShouldBeEmpty(summary + "\n" + string.Join("\n\n", failures.Take(5)));
    }

    private static async Task<string?> TryCrashAtAsync(Func<LoopProject> scenario, int exitCode, Func<string, string> normalise, Func<LoopProject, System.Text.Json.JsonElement, string> outcome, int? varyingOf, int ordinal, string point, string expected, string[] flags)
    {
        using var project = scenario();
        var crashed = await project.RunAsync(new Dictionary<string, string?> { ["PACE_CRASH_AT"] = $"#{ordinal}" }, ["run", "--until-complete", .. flags]);
        if (crashed.ExitCode == exitCode && varyingOf is { } reference && ordinal > reference - 3)
        {
            // This run's lanes interleaved into fewer checkpoints: it ended without a kill, and must end the same.
            var ended = normalise(outcome(project, Outcome.State(project)));
            return ended == expected ? null : $"#{ordinal} {point}: ran to the end (fewer points) and differs\n{Specs.SpecCrashPointTests.Diff(expected, ended)}";
        }

        if (crashed.ExitCode != 137)
        {
            return $"#{ordinal} {point}: the run did not die there: {crashed}";
        }

        var atCrash = Outcome.State(project);
        var resumed = await project.RunAsync("run", "--until-complete");
        if (resumed.ExitCode != exitCode && !(exitCode != 0 && atCrash.GetProperty("finished").GetBoolean()))
        {
            return $"#{ordinal} {point}: the resumed run ended with {resumed}";
        }

        // Killed after the run had finished: the next run is a new one with nothing to do.
        var after = Outcome.State(project);
        if (atCrash.GetProperty("finished").GetBoolean() && after.GetProperty("sessionsRun").GetInt32() != 0)
        {
            return $"#{ordinal} {point}: the run after a finished one ran sessions";
        }

        var actual = normalise(outcome(project, atCrash.GetProperty("finished").GetBoolean() ? atCrash : after));
        return actual == expected ? null : $"#{ordinal} {point}: differs\n{Specs.SpecCrashPointTests.Diff(expected, actual)}\n--- the resumed run\n{resumed}";
    }

    private static string WithoutSessionNumbers(string outcome) => SessionNumbers().Replace(outcome, "${1}N");

    [System.Text.RegularExpressions.GeneratedRegex("(### Session |refs/pace/attempts/[^/]+/|lastSession: )[0-9]+")]
    private static partial System.Text.RegularExpressions.Regex SessionNumbers();
}
