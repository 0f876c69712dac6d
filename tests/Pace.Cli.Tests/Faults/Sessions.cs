using System.Text.Json;
using Pace.Cli.Tests.Loop;

namespace Pace.Cli.Tests.Faults;

/// <summary>What the tests read back of a session: its evidence file.</summary>
internal static class Sessions
{
    public static (bool Passed, string Reasons) Verdict(LoopProject project, int session)
    {
        using var evidence = JsonDocument.Parse(project.Read($".pace/sessions/{session:D4}/evidence.json"));
        var verdict = evidence.RootElement.GetProperty("verdict");
        return (verdict.GetProperty("passed").GetBoolean(), verdict.GetProperty("reasons").GetRawText());
    }

    public static string Journal(LoopProject project) => project.Read(".pace/run/journal.jsonl");

    /// <summary>Changes pace.json and commits it, as a person would.</summary>
    public static void Configure(LoopProject project, string from, string to)
    {
        project.Write("pace.json", project.Read("pace.json").Replace(from, to, StringComparison.Ordinal));
        project.Git("commit", "-qam", "Configure Pace");
    }
}
