using System.Globalization;
using System.Text;
using System.Text.Json;
using Pace.Adapters.Storage;
using Pace.Core.Diagnostics;
using Pace.Core.Loop;
using Pace.Core.Ports;
using Pace.Core.Verification;

namespace Pace.Adapters.Loop;

/// <summary>
/// The loop's files under .pace/: run/state.json (atomic), run/journal.jsonl (append-only) and
/// sessions/NNNN/ with the transcript, check logs and evidence.json.
/// </summary>
public sealed partial class FileRunStore : IRunStore
{
    private readonly string _folder;
    private readonly TimeProvider _clock;

    /// <summary>The run's writes come one at a time (a parallel run's lanes write at once).</summary>
    private readonly Lock _gate = new();

    public FileRunStore(string paceFolder, TimeProvider clock)
    {
        _folder = paceFolder;
        _clock = clock;
    }

    public string StatePath => Path.Combine(_folder, "run", "state.json");

    public string JournalPath => Path.Combine(_folder, "run", "journal.jsonl");

    /// <summary>
    /// Cuts a torn last journal line (a crash in mid-append) so the next entry starts a line of its
    /// own; returns the warning saying what was dropped, or null when the journal was whole.
    /// </summary>
    /// <exception cref="InputException">A line other than the last is damaged: the journal was edited, not torn.</exception>
    public Diagnostic? RepairJournal() => Storage.Journal.Open(JournalPath, LoopAdapterJson.Default.JournalLine).Contents.DroppedLastLine;

    public JournalContents<JournalLine> ReadJournal() => Storage.Journal.Read(JournalPath, LoopAdapterJson.Default.JournalLine);

    public RunState? Load()
    {
        if (!File.Exists(StatePath))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(StatePath);
        try
        {
            return JsonSerializer.Deserialize(bytes, LoopJson.Default.RunState)
                ?? throw new InputException($"{StatePath}: the run state is empty; move it away to start a new run");
        }
        catch (JsonException e)
        {
            throw new InputException(
                $"{StatePath}: the run state cannot be read; Pace will not guess. 'pace doctor --fix' moves it aside (a new run then starts), or restore it",
                [JsonProblem.Error(StatePath, bytes, e, prefix: "")]);
        }
    }

    public void Save(RunState state)
    {
        lock (_gate)
        {
            AtomicFile.Write(StatePath, JsonSerializer.SerializeToUtf8Bytes(state, LoopJson.Default.RunState));
            Wrote(StatePath);
        }
    }

    public void Journal(string step, int? session, string? detail = null) => AppendJournal(JournalLineOf(step, session, detail));

    /// <summary>The journal's line for a step now (one JSON object and its newline).</summary>
    public string JournalLineOf(string step, int? session, string? detail = null)
    {
        var line = new StringBuilder("{\"at\":\"")
            .Append(_clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture))
            .Append("\",\"step\":").Append(JsonSerializer.Serialize(step, LoopAdapterJson.Default.String));
        if (session is { } n)
        {
            line.Append(",\"session\":").Append(n.ToString(CultureInfo.InvariantCulture));
        }

        if (detail is not null)
        {
            line.Append(",\"detail\":").Append(JsonSerializer.Serialize(detail, LoopAdapterJson.Default.String));
        }

        return line.Append("}\n").ToString();
    }

    /// <summary>Appends a line made by <see cref="JournalLineOf"/> (here, or by the run's earlier coordinator on another host).</summary>
    public void AppendJournal(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            Append(bytes);
            Wrote(JournalPath, appended: bytes);
        }
    }

    private void Append(byte[] line)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(JournalPath)!);
        // One unbuffered write, so a killed process leaves whole lines (at worst a torn last one, which
        // reading drops). No fsync of its own: the journal is the run's log, state.json (written
        // atomically and flushed to disk at each step) is what a resume goes by, and a killed process
        // loses nothing it wrote. Only a power cut can cost the journal its latest lines.
        using var stream = new FileStream(JournalPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        stream.Write(line);
    }

    public string SessionFolder(int number)
    {
        var folder = Path.Combine(_folder, "sessions", number.ToString("D4", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public string NewSessionFolder(int number)
    {
        // A new session's folder usually does not exist yet: create it once instead of create, delete, create.
        var folder = Path.Combine(_folder, "sessions", number.ToString("D4", CultureInfo.InvariantCulture));
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        return folder;
    }

    public void SaveEvidence(SessionEvidence evidence)
    {
        lock (_gate)
        {
            var path = EvidencePath(evidence.Session);
            AtomicFile.Write(path, EvidenceJson.Serialize(evidence));
            Wrote(path);
        }
    }

    /// <exception cref="InputException">The file is cut short or not evidence: named with line and column.</exception>
    public SessionEvidence? LoadEvidence(int number)
    {
        var path = EvidencePath(number);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        try
        {
            return EvidenceJson.Deserialize(bytes);
        }
        catch (JsonException e)
        {
            throw new InputException(
                $"{path}: the evidence of session {number} cannot be read; nothing was changed (the session's commit or attempt ref still holds its work)",
                [JsonProblem.Error(path, bytes, e, prefix: "")]);
        }
    }

    /// <summary>The session's evidence, or null when it is missing or cannot be read.</summary>
    public SessionEvidence? LoadEvidenceOrNull(int number)
    {
        try
        {
            return LoadEvidence(number);
        }
        catch (InputException)
        {
            return null;
        }
    }

    /// <summary>Every session with evidence, oldest first.</summary>
    public IReadOnlyList<int> Sessions()
    {
        var root = Path.Combine(_folder, "sessions");
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .Where(n => n > 0 && File.Exists(EvidencePath(n)))
            .Order()
            .ToList();
    }

    private string EvidencePath(int number) => Path.Combine(SessionFolder(number), "evidence.json");
}
