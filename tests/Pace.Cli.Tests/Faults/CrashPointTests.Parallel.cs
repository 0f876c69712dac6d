using System.Text;
using System.Text.Json;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

public sealed partial class CrashPointTests
{
    /// <summary>Three features on two slots: A-1 and C-3 pass, B-2 fails its first session (its attempt kept on a ref) and passes its second, committing on its own in its lane.</summary>
    internal static LoopProject ParallelScenario()
    {
        var project = new LoopProject("A-1", "B-2", "C-3");
        project.Implements("A-1");
        project.Implements("C-3");
        // Decided by the repository, not by a count of calls: a session a kill cut short and the run starts again behaves the same.
        project.Behave("B-2", """
            if git for-each-ref refs/pace/attempts/B-2 | grep -q .; then
              echo done > B-2.txt; echo 'needs B-2.txt' > tests/B-2.test; git add -A; git commit -qm "the agent's own commit"
            else
              echo half > B-2.txt; echo fail > tests/B-2.test
            fi
            """);
        return project;
    }

    [Fact]
    public async Task A_parallel_run_killed_at_every_checkpoint_resumes_to_the_same_end_as_an_uninterrupted_run()
    {
        using var reference = ParallelScenario();
        var log = Path.Combine(reference.AgentFolder, "checkpoints.log");
        var clean = await reference.RunAsync(new Dictionary<string, string?> { [LoopHost.CheckpointLogVariable] = log }, "run", "--parallel", "2", "--until-complete");
        clean.ExitCode.ShouldBe(0, clean.ToString());
        var points = File.ReadAllLines(log);
        var expected = ParallelOutcome(reference, Outcome.State(reference));
        expected.ShouldContain("ref refs/pace/attempts/B-2/2");
        expected.ShouldContain("feat(core): C-3 - Feature C-3");
        // Inside the merge queue (the bookkeeping it writes on the candidate) and around it.
        points.ShouldContain("progress-written:1");
        points.ShouldContain("lane-committed:3");
        points.ShouldContain("integrated:4");
        points.ShouldContain("lane-closed:2");

        // Resumed by a plain `pace run`: the state says where the run works and with how many slots.
        await CrashEverywhereAsync("parallel crash points", points, expected, ParallelScenario, 0, text => text, ParallelOutcome, pointsVary: true, "--parallel", "2");
    }

    /// <summary>
    /// What a parallel run leaves that must not depend on where it was killed. The lanes finish in an
    /// order of their own, so the commits are compared as a set (each once: nothing twice, nothing
    /// lost), with the final tree, the refs, progress.txt's entries by feature, and nothing of the
    /// lanes left (worktrees, branches, folders).
    /// </summary>
    private static string ParallelOutcome(LoopProject project, JsonElement runState)
    {
        var text = new StringBuilder();
        text.Append("HEAD -> ").AppendLine(project.Git("symbolic-ref", "HEAD").Trim());
        foreach (var subject in project.Git("log", "--format=%s", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal))
        {
            text.Append("commit ").AppendLine(subject);
        }

        foreach (var line in project.Git("ls-tree", "-r", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = line[(line.IndexOf('\t') + 1)..];
            text.AppendLine(path switch
            {
                "feature_list.json" => "  feature_list.json: " + Outcome.Normalise(project.Read(path)),
                "progress.txt" => "  progress.txt entries: " + string.Join(", ", project.Read(path).Split('\n')
                    .Where(l => l.StartsWith("### Session ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf(" - ", StringComparison.Ordinal) + 3)..]).Order(StringComparer.Ordinal)),
                "pace.json" => "  pace.json",
                _ => "  " + line,
            });
        }

        foreach (var line in project.Git("for-each-ref", "--format=%(refname)").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("refs/pace/interrupted/", StringComparison.Ordinal) || line.StartsWith("refs/pace/unverified/", StringComparison.Ordinal))
            {
                continue;
            }

            text.Append("ref ").AppendLine(line);
            if (line.StartsWith("refs/pace/", StringComparison.Ordinal))
            {
                // The work a ref keeps (pace.json names the test's own agent folder, so it is left out).
                text.AppendLine(string.Join("\n", project.Git("ls-tree", "-r", line).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.EndsWith("\tpace.json", StringComparison.Ordinal)).Select(l => "  " + l)));
            }
        }

        text.Append("status: ").AppendLine(project.Git("status", "--porcelain").Trim());
        text.Append("worktrees: ").AppendLine(project.Git("worktree", "list", "--porcelain").Split('\n').Count(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var lanes = Path.Combine(project.Folder, ".pace", "lanes");
        text.Append("lanes: ").AppendLine(Directory.Exists(lanes) ? string.Join(", ", Directory.EnumerateFileSystemEntries(lanes).Select(Path.GetFileName)) : "");
        foreach (var counter in new[] { "sessionsRun", "featuresCompleted", "consecutiveFailures", "finished", "stopReason", "lanes" })
        {
            text.Append(counter).Append(": ").AppendLine(runState.TryGetProperty(counter, out var value) ? value.GetRawText() : "-");
        }

        return text.ToString();
    }
}
