using System.Text.Json;
using Pace.Adapters.Specs;
using Pace.Cli.Dashboard;
using Pace.Core.Agents;
using Pace.Core.Git;
using Pace.Core.Verification;

namespace Pace.Cli.Tests.Dashboard;

/// <summary>The dashboard's history rows of a spec run, read from real evidence files laid out as the spec runner lays them out.</summary>
public sealed class SessionRowsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_retried_task_is_not_failed_while_its_new_attempt_runs_and_every_attempt_and_fix_stays_in_the_history()
    {
        var pace = _temp.Folder(".pace");
        var data = Path.Combine(pace, "specs", "demo");
        var task = Path.Combine(data, "wave-1", "a");
        var specs = new[] { new SessionRows.SpecSessions("demo", data) };
        var rows = new SessionRows(pace);
        Session(task, "a", passed: false);
        rows.Refresh(specs);
        rows.Passed(Path.Combine(task, "evidence.json")).ShouldBe(false);

        // The runner's retry: the failed attempt moves aside unchanged, the new one starts with its transcript.
        TaskEvidence.MakeRoom(task);
        Directory.CreateDirectory(task);
        File.WriteAllText(Path.Combine(task, "transcript.jsonl"), "working\n");
        rows.Refresh(specs);

        rows.Passed(Path.Combine(task, "evidence.json")).ShouldBeNull();
        Keys(rows).ShouldBe(["t/demo/1/a/1"]);
        rows.All.Single().Path.ShouldStartWith(TaskEvidence.AttemptsFolder(task));

        Session(task, "a", passed: true);
        Session(Path.Combine(data, "wave-1", "fix-1"), "wave-1-fix", passed: true);
        var changed = rows.Refresh(specs);

        changed.ShouldBe(2);
        rows.Passed(Path.Combine(task, "evidence.json")).ShouldBe(true);
        Keys(rows).ShouldBe(["t/demo/1/a/1", "t/demo/1/a/2", "t/demo/1/fix-1/1"]);
        var fix = JsonDocument.Parse(rows.All.Single(r => r.Key.Contains("fix-1", StringComparison.Ordinal)).Json).RootElement;
        fix.GetProperty("place").GetString().ShouldBe("fix-1");
        fix.GetProperty("spec").GetString().ShouldBe("demo");
        rows.Refresh(specs).ShouldBe(0);
    }

    private static List<string> Keys(SessionRows rows) => [.. rows.All.Select(r => r.Key).Order(StringComparer.Ordinal)];

    private static void Session(string folder, string item, bool passed)
    {
        Directory.CreateDirectory(folder);
        var transcript = Path.Combine(folder, "transcript.jsonl");
        File.WriteAllText(transcript, "done\n");
        var at = DateTimeOffset.UtcNow;
        var evidence = new SessionEvidence(
            item, 1, "script", new string('a', 40), passed ? new string('b', 40) : null, [], null, null, TamperReport.Clean, new DiffStats(1, 1, 0),
            true, AgentExit.Exited, 0, null, new AgentUsage(0, 0), null, TimeSpan.FromSeconds(1), transcript,
            new Verdict(passed, passed ? [] : ["check 'tests' failed with exit code 1"]), at, at);
        File.WriteAllBytes(Path.Combine(folder, "evidence.json"), EvidenceJson.Serialize(evidence));
    }
}
