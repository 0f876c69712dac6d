using Pace.Core.Loop;
using Pace.Core.Verification;

namespace Pace.Core.Ports;

/// <summary>
/// The feature loop's persisted state under .pace/: the run state (rewritten atomically before each
/// side effect), an append-only journal of steps, and each session's folder with its evidence.
/// </summary>
public interface IRunStore
{
    /// <summary>The last saved run, or null when Pace has never run here.</summary>
    RunState? Load();

    void Save(RunState state);

    void Journal(string step, int? session, string? detail = null);

    /// <summary>The folder of session <paramref name="number"/> (created on demand): transcript, check logs, evidence.</summary>
    string SessionFolder(int number);

    /// <summary>Empties and returns the session's folder, for a session that starts (again).</summary>
    string NewSessionFolder(int number);

    /// <summary>
    /// Pace's own files that no agent may touch (the run state, the journal, the lock, every session's
    /// evidence), as they are now: taken before an agent runs. Git ignores .pace/, so only this shows an edit there.
    /// </summary>
    OwnFiles CaptureOwnFiles();

    /// <summary>Puts Pace's own files back as captured (files that appeared since are removed); returns those that differed, relative to the repository root.</summary>
    IReadOnlyList<string> RestoreOwnFiles(OwnFiles captured);

    void SaveEvidence(SessionEvidence evidence);

    SessionEvidence? LoadEvidence(int number);
}
