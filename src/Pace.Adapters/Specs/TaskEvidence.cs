using System.Globalization;
using Pace.Adapters.Storage;
using Pace.Core.Verification;

namespace Pace.Adapters.Specs;

/// <summary>
/// The evidence of a spec task's sessions. The latest session's folder holds its evidence.json,
/// transcript and check logs; each earlier failed attempt is kept whole in FOLDER.attempts/K/, so
/// a task that ran again (early, then in its wave; after a retry) still shows why it failed before.
/// </summary>
public static class TaskEvidence
{
    private const string FileName = "evidence.json";

    public static string AttemptsFolder(string sessionFolder) => sessionFolder + ".attempts";

    /// <summary>The latest session's evidence; null when there is none.</summary>
    public static SessionEvidence? Latest(string sessionFolder)
    {
        var path = Path.Combine(sessionFolder, FileName);
        return File.Exists(path) ? EvidenceJson.Deserialize(File.ReadAllBytes(path)) : null;
    }

    /// <summary>Every attempt's evidence, the earliest first, the latest last.</summary>
    public static IReadOnlyList<SessionEvidence> All(string sessionFolder)
    {
        var attempts = AttemptsFolder(sessionFolder);
        var earlier = !Directory.Exists(attempts) ? []
            : Directory.GetDirectories(attempts)
                .Select(d => (Number: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0, Folder: d))
                .Where(a => a.Number > 0)
                .OrderBy(a => a.Number)
                .Select(a => Latest(a.Folder))
                .OfType<SessionEvidence>();
        return [.. earlier, .. Latest(sessionFolder) is { } latest ? [latest] : Array.Empty<SessionEvidence>()];
    }

    /// <summary>A passed session's evidence written before its commit, when the run was killed before it could name the commit.</summary>
    public static void Complete(string sessionFolder, string commit)
    {
        if (Latest(sessionFolder) is { ResultCommit: null, Verdict.Passed: true } evidence)
        {
            AtomicFile.Write(Path.Combine(sessionFolder, FileName), EvidenceJson.Serialize(evidence with { ResultCommit = commit }));
        }
    }

    /// <summary>
    /// Before a new session in <paramref name="sessionFolder"/>: a failed attempt there moves to the
    /// next FOLDER.attempts/K; what any other session left goes.
    /// </summary>
    public static void MakeRoom(string sessionFolder)
    {
        if (!Directory.Exists(sessionFolder))
        {
            return;
        }

        // A passed attempt run again was a result the state no longer records (a kill, a retry): its commit is on
        // refs/pace/dropped/, and the run ends as if it had not stopped, so only failed attempts are kept here.
        if (Latest(sessionFolder) is not { Verdict.Passed: false } finished)
        {
            Directory.Delete(sessionFolder, recursive: true);
            return;
        }

        var attempts = AttemptsFolder(sessionFolder);
        Directory.CreateDirectory(attempts);
        var number = Directory.GetDirectories(attempts).Length + 1;
        var target = Path.Combine(attempts, number.ToString(CultureInfo.InvariantCulture));
        Directory.Move(sessionFolder, target);
        // Its paths name the folder it was written in.
        var moved = finished with
        {
            TranscriptPath = Moved(finished.TranscriptPath, sessionFolder, target),
            Checks = [.. finished.Checks.Select(c => c with { OutputPath = Moved(c.OutputPath, sessionFolder, target) })],
        };
        AtomicFile.Write(Path.Combine(target, FileName), EvidenceJson.Serialize(moved));
    }

    /// <summary>One line on an attempt: how it ended, whether the agent claimed success, why it failed and where its work is.</summary>
    public static string Describe(SessionEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var verdict = evidence.Verdict;
        if (verdict.Passed)
        {
            return $"passed, commit {evidence.ResultCommit?[..Math.Min(7, evidence.ResultCommit.Length)]}, agent {evidence.Agent}";
        }

        var claimed = verdict.ClaimedSuccessFalsely ? " although the agent claimed success" : "";
        var kept = evidence.AttemptRef is { } attempt ? $" (kept on {attempt})" : "";
        return $"failed{claimed}: {string.Join("; ", verdict.Reasons)}{kept}, agent {evidence.Agent}";
    }

    private static string Moved(string path, string from, string to) =>
        path.StartsWith(from + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? to + path[from.Length..] : path;
}
