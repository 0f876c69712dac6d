using System.Globalization;
using System.Text.Json;
using Pace.Adapters.Specs;
using Pace.Cli.Output;
using Pace.Core.Verification;

namespace Pace.Cli.Dashboard;

/// <summary>
/// The dashboard's history: one row per session (a feature's, or an attempt of a spec task), read
/// from its evidence file and kept as JSON until the file changes (its length and time), so that a
/// run of thousands of sessions is read once and then only where something moved.
/// </summary>
internal sealed class SessionRows
{
    private readonly string _paceFolder;
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _passed = new(StringComparer.Ordinal);
    private long _sequence;

    public SessionRows(string paceFolder) => _paceFolder = paceFolder;

    /// <summary>One row: its key, the change that last wrote it, and its JSON object.</summary>
    public sealed record Row(string Key, long Sequence, long Length, DateTime Written, byte[] Json)
    {
        /// <summary>The evidence file the row was read from.</summary>
        public string Path { get; init; } = "";

        public bool Passed { get; init; }
    }

    /// <summary>The number of the latest change: a client that has seen it needs only later rows.</summary>
    public long Sequence => _sequence;

    public IReadOnlyCollection<Row> All => _rows.Values;

    /// <summary>Reads every evidence file whose length or time changed since the last call; returns how many rows changed.</summary>
    public int Refresh(IReadOnlyList<SpecSessions> specs)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changed = 0;
        var sessions = Path.Combine(_paceFolder, "sessions");
        foreach (var folder in Folders(sessions, ""))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
            {
                changed += Read($"s/{number}", Path.Combine(folder, "evidence.json"), seen, (w, e) => WriteRow(w, $"s/{number}", e, null));
            }
        }

        foreach (var spec in specs)
        {
            // Every session of the spec's run, in its waves' folders: tasks (a task run again keeps its earlier ones as attempts), review fixes.
            foreach (var wave in Folders(spec.DataFolder, "wave-"))
            {
                if (!int.TryParse(Path.GetFileName(wave)["wave-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    continue;
                }

                foreach (var folder in Folders(wave, "").Where(f => !f.EndsWith(".attempts", StringComparison.Ordinal)))
                {
                    var name = Path.GetFileName(folder);
                    var attempts = Folders(TaskEvidence.AttemptsFolder(folder), "")
                        .Where(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                        .OrderBy(d => int.Parse(Path.GetFileName(d), CultureInfo.InvariantCulture))
                        .Append(folder)
                        .ToList();
                    for (var k = 0; k < attempts.Count; k++)
                    {
                        var key = $"t/{spec.Name}/{number}/{name}/{k + 1}";
                        var place = new SpecPlace(spec.Name, number, name, k + 1);
                        changed += Read(key, Path.Combine(attempts[k], "evidence.json"), seen, (w, e) => WriteRow(w, key, e, place));
                    }
                }
            }
        }

        foreach (var gone in _rows.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _rows.Remove(gone);
            changed++;
        }

        if (changed > 0)
        {
            _passed.Clear();
            foreach (var row in _rows.Values)
            {
                _passed[row.Path] = row.Passed;
            }
        }

        return changed;
    }

    /// <summary>Where a spec task's attempt belongs.</summary>
    public sealed record SpecPlace(string Spec, int Wave, string Task, int Attempt);

    /// <summary>A spec and the folder of its run's sessions (.pace/specs/NAME).</summary>
    public sealed record SpecSessions(string Name, string DataFolder);

    /// <summary>Whether the session whose evidence is at <paramref name="evidencePath"/> passed, from the rows read (null: no row).</summary>
    public bool? Passed(string evidencePath) => _passed.TryGetValue(evidencePath, out var passed) ? passed : null;

    private static IEnumerable<string> Folders(string parent, string prefix)
    {
        try
        {
            return Directory.Exists(parent) ? Directory.EnumerateDirectories(parent, prefix + "*").ToList() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private int Read(string key, string path, HashSet<string> seen, Action<Utf8JsonWriter, SessionEvidence> write)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                return 0;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        seen.Add(key);
        // A retry moves a task's evidence to TASK.attempts/K unchanged (same length and time): the path tells it apart.
        if (_rows.TryGetValue(key, out var known) && known.Path == path && known.Length == info.Length && known.Written == info.LastWriteTimeUtc)
        {
            return 0;
        }

        SessionEvidence? evidence;
        try
        {
            evidence = EvidenceJson.Deserialize(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // A file being replaced or broken: shown when it can be read ('pace doctor' reports a broken one).
            seen.Remove(key);
            return 0;
        }

        if (evidence is null)
        {
            seen.Remove(key);
            return 0;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, evidence);
        }

        _rows[key] = new Row(key, ++_sequence, info.Length, info.LastWriteTimeUtc, buffer.WrittenSpan.ToArray()) { Path = path, Passed = evidence.Verdict.Passed };
        return 1;
    }

    private void WriteRow(Utf8JsonWriter w, string key, SessionEvidence e, SpecPlace? place)
    {
        w.WriteStartObject();
        w.WriteString("key", key);
        w.WriteNumber("seq", _sequence + 1);
        w.WriteString("item", e.ItemId);
        w.WriteNumber("session", e.Session);
        if (place is not null)
        {
            w.WriteString("spec", place.Spec);
            w.WriteNumber("wave", place.Wave);
            w.WriteNumber("attempt", place.Attempt);
            w.WriteString("place", place.Task);
        }

        w.WriteString("agent", e.Agent);
        w.WriteBoolean("passed", e.Verdict.Passed);
        JsonOutput.Strings(w, "reasons", e.Verdict.Reasons);
        JsonOutput.Strings(w, "notes", e.Verdict.Notes);
        w.WriteBoolean("claimedFalsely", e.Verdict.ClaimedSuccessFalsely);
        w.WriteString("proof", e.Proof?.Rule);
        JsonOutput.Strings(w, "proofTests", e.Proof?.TestFiles ?? []);
        w.WriteStartArray("checks");
        foreach (var check in e.Checks)
        {
            w.WriteStartObject();
            w.WriteString("name", check.Name);
            w.WriteBoolean("passed", check.Passed);
            w.WriteBoolean("timedOut", check.TimedOut);
            if (check.ExitCode is { } exit)
            {
                w.WriteNumber("exit", exit);
            }
            else
            {
                w.WriteNull("exit");
            }

            Totals(w, "totals", check.Totals);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        Totals(w, "baseline", e.Baseline);
        Totals(w, "totals", e.Verdict.Totals ?? e.TotalsAfter);
        w.WriteStartObject("diff");
        w.WriteNumber("files", e.Diff.FilesChanged);
        w.WriteNumber("insertions", e.Diff.Insertions);
        w.WriteNumber("deletions", e.Diff.Deletions);
        w.WriteEndObject();
        if (e.CostUsd is { } cost)
        {
            w.WriteNumber("cost", cost);
        }
        else
        {
            w.WriteNull("cost");
        }

        w.WriteNumber("tokensIn", e.Tokens.InputTokens);
        w.WriteNumber("tokensOut", e.Tokens.OutputTokens);
        if (e.Turns is { } turns)
        {
            w.WriteNumber("turns", turns);
        }
        else
        {
            w.WriteNull("turns");
        }

        // The whole session as Pace timed it (the agent, then the checks and the proof), not the agent's own count.
        w.WriteNumber("seconds", Math.Round(Math.Max(0, (e.FinishedAt - e.StartedAt).TotalSeconds), 1));
        w.WriteString("startedAt", e.StartedAt);
        w.WriteString("finishedAt", e.FinishedAt);
        w.WriteString("commit", e.ResultCommit);
        w.WriteString("attemptRef", e.AttemptRef);
        w.WriteString("transcript", Relative(e.TranscriptPath));
        w.WriteString("worker", e.RanOn?.Worker);
        w.WriteEndObject();
    }

    /// <summary>The transcript's path under .pace (how the page asks for it), or null when it is elsewhere (another host's).</summary>
    private string? Relative(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var relative = Path.GetRelativePath(_paceFolder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    internal static void Totals(Utf8JsonWriter w, string name, TestTotals? totals)
    {
        if (totals is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("passed", totals.Passed);
        w.WriteNumber("failed", totals.Failed);
        w.WriteNumber("skipped", totals.Skipped);
        w.WriteEndObject();
    }
}
