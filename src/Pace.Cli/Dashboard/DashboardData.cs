using System.Text.Json;
using Pace.Adapters.Agents.Streams;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Specs;
using Pace.Adapters.Storage;
using Pace.Cli.Output;
using Pace.Core.Features;
using Pace.Core.Forge;
using Pace.Core.Loop;
using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Cli.Dashboard;

/// <summary>
/// What the dashboard shows, read from the project's files only (the run state, journals, evidence,
/// the feature list, spec states, the local forge's records): "live" is small and rebuilt whenever a
/// watched file moves; the sessions are kept by <see cref="SessionRows"/>. Nothing here writes.
/// </summary>
internal sealed partial class DashboardData
{
    private readonly string _root;
    private readonly string _projectFolder;
    private readonly string? _listPath;
    private readonly string _paceFolder;
    private readonly TimeProvider _clock;

    public DashboardData(string root, string projectFolder, string? listPath, TimeProvider clock)
    {
        _root = root;
        _projectFolder = projectFolder;
        _listPath = listPath;
        _paceFolder = Path.Combine(root, ".pace");
        _clock = clock;
        Sessions = new SessionRows(_paceFolder);
    }

    public SessionRows Sessions { get; }

    public string PaceFolder => _paceFolder;

    /// <summary>The agent that works on spec tasks (pace.json's pace.spec.agent, else pace.agent), shown beside them.</summary>
    public string? SpecAgent { get; init; }

    /// <summary>The fleet's latest report as JSON (set by the fleet reader), or null without a fleet.</summary>
    public byte[]? Fleet { get; set; }

    /// <summary>The fleet reader's latest problem (the database out of reach), or null.</summary>
    public string? FleetProblem { get; set; }

    /// <summary>
    /// A cheap fingerprint of every watched file (lengths and times; the running sessions' transcripts
    /// too): when it is unchanged, nothing shown can have changed and nothing is read.
    /// </summary>
    public string Fingerprint()
    {
        var parts = new System.Text.StringBuilder(512);
        void Add(string path)
        {
            try
            {
                var info = new FileInfo(path);
                parts.Append(info.Exists ? $"{info.Length}:{info.LastWriteTimeUtc.Ticks};" : "-;");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parts.Append("?;");
            }
        }

        void AddFolder(string path)
        {
            try
            {
                var info = new DirectoryInfo(path);
                parts.Append(info.Exists ? $"{info.LastWriteTimeUtc.Ticks};" : "-;");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parts.Append("?;");
            }
        }

        Add(Path.Combine(_paceFolder, "lock"));
        Add(Path.Combine(_paceFolder, "run", "state.json"));
        Add(Path.Combine(_paceFolder, "run", "journal.jsonl"));
        AddFolder(Path.Combine(_paceFolder, "sessions"));
        AddFolder(Path.Combine(_paceFolder, "specs"));
        AddFolder(Path.Combine(_paceFolder, "forge", "pulls"));
        if (_listPath is not null)
        {
            Add(_listPath);
        }

        var pulls = Path.Combine(_paceFolder, "forge", "pulls");
        if (Directory.Exists(pulls))
        {
            foreach (var file in Directory.EnumerateFiles(pulls, "*.json"))
            {
                Add(file);
            }
        }

        // Each spec's state and journal, and the transcripts of the sessions at work, as the last read found them
        // (a new spec's folder moves .pace/specs first).
        foreach (var path in _watched)
        {
            Add(path);
        }

        return parts.ToString();
    }

    private IReadOnlyList<string> _watched = [];

    private IReadOnlyList<SpecEntry> _entries = [];

    /// <summary>Reads the project's specs (kept for <see cref="Live"/>) and names the folders of their runs' sessions.</summary>
    public IReadOnlyList<SessionRows.SpecSessions> Specs()
    {
        _entries = [.. SpecEntries()];
        return [.. _entries.Select(e => new SessionRows.SpecSessions(e.Spec.Name, e.Layout.DataFolder))];
    }

    /// <summary>The live part: what runs now, progress, what waits for a person; after <see cref="Specs"/> and the sessions' refresh.</summary>
    public byte[] Live()
    {
        var watched = new List<string>();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("root", _root);
            w.WriteString("at", _clock.GetUtcNow());
            var holder = RunLock.Peek(_root);
            if (holder is { } held)
            {
                w.WriteStartObject("lock");
                w.WriteNumber("pid", held.Holder.Pid);
                w.WriteString("host", held.Holder.Host);
                w.WriteString("command", held.Holder.Command);
                w.WriteString("since", held.Holder.AcquiredAt);
                w.WriteBoolean("running", held.Running);
                w.WriteBoolean("stoppable", held.Running && held.Holder.Host == Environment.MachineName);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("lock");
            }

            var runActive = holder is { Running: true } h && h.Holder.Command.StartsWith("pace run", StringComparison.Ordinal);
            RunState? state = null;
            string? stateProblem = null;
            try
            {
                state = LoopState();
            }
            catch (InvalidDataException e)
            {
                stateProblem = e.Message;
            }

            w.WritePropertyName("features");
            Part(w, x =>
            {
                // No list (none, or one that cannot be read) is an empty one: set before the read, which may throw.
                FeatureListJson = "[]"u8.ToArray();
                WriteFeatures(x, FeatureList(), state);
            });
            w.WritePropertyName("run");
            Part(w, x => WriteRun(x, state, runActive, watched, stateProblem));
            w.WriteStartArray("specs");
            foreach (var entry in _entries)
            {
                var active = holder is { Running: true } s && s.Holder.Command == $"pace spec run {entry.Spec.Name}";
                Part(w, x => WriteSpec(x, entry.Spec, entry.Layout, active, watched));
                watched.Add(entry.Layout.StatePath);
                watched.Add(entry.Layout.JournalPath);
            }

            w.WriteEndArray();
            if (Fleet is { } fleet)
            {
                w.WritePropertyName("fleet");
                w.WriteRawValue(fleet, skipInputValidation: true);
            }
            else
            {
                w.WriteNull("fleet");
            }

            w.WriteString("fleetProblem", FleetProblem);
            w.WriteEndObject();
        }

        _watched = watched;
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes one part of the live view as a JSON value; a part that cannot be read (a file of an
    /// unexpected shape) becomes {"problem": "..."} and the rest is shown.
    /// </summary>
    private static void Part(Utf8JsonWriter w, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        try
        {
            using (var part = new Utf8JsonWriter(buffer))
            {
                write(part);
            }

            w.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            w.WriteStartObject();
            w.WriteString("problem", e is InvalidDataException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            w.WriteEndObject();
        }
    }

    /// <summary>The loop's run state, or null when no run was made here.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read: what is wrong, with line and column.</exception>
    private RunState? LoopState()
    {
        var path = Path.Combine(_paceFolder, "run", "state.json");
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {e.Message}");
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, LoopJson.Default.RunState);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(Pace.Core.Diagnostics.JsonProblem.Error(path, bytes, e).ToString());
        }
    }

    /// <summary>The feature list, or null when the project has none.</summary>
    /// <exception cref="InvalidDataException">The list cannot be read: its first problem, with file, line and column.</exception>
    private FeatureList? FeatureList()
    {
        try
        {
            return _listPath is not null && File.Exists(_listPath) ? FeatureListFiles.Load(_listPath) : null;
        }
        catch (Pace.Core.Diagnostics.InputException e)
        {
            var first = e.Diagnostics.Count > 0 ? e.Diagnostics[0].ToString() : e.Message;
            throw new InvalidDataException(e.Diagnostics.Count > 1 ? $"{first} (and {e.Diagnostics.Count - 1} more: 'pace validate' lists them)" : first);
        }
    }

    /// <summary>
    /// The feature list's summary in the live part (counts, the next, the stuck ones with their
    /// reasons), and the list itself apart (<see cref="FeatureListJson"/>): a page is sent the list only
    /// when it changed, not with every update.
    /// </summary>
    private void WriteFeatures(Utf8JsonWriter w, FeatureList? list, RunState? state)
    {
        if (list is null)
        {
            w.WriteNullValue();
            return;
        }

        var work = NextWork.Of(list, state);
        var stuck = work.Stuck.ToDictionary(s => s.FeatureId, StringComparer.Ordinal);
        var progress = list.Progress;
        w.WriteStartObject();
        w.WriteString("project", list.ProjectName ?? Path.GetFileName(_root));
        w.WriteNumber("passing", progress.Passing);
        w.WriteNumber("failing", progress.Failing);
        w.WriteNumber("total", progress.Total);
        w.WriteNumber("stuck", stuck.Count);
        w.WriteString("next", work.Next?.Id.Value);
        w.WriteStartArray("stuckList");
        foreach (var attempts in work.Stuck)
        {
            JsonOutput.StuckFeature(w, attempts);
        }

        w.WriteEndArray();
        w.WriteEndObject();

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(list.Features.Count * 96);
        using (var items = new Utf8JsonWriter(buffer))
        {
            items.WriteStartArray();
            foreach (var feature in list.Features)
            {
                items.WriteStartObject();
                items.WriteString("id", feature.Id.Value);
                items.WriteString("description", feature.Description);
                items.WriteBoolean("passes", feature.Passes);
                items.WriteBoolean("stuck", stuck.ContainsKey(feature.Id.Value));
                items.WriteEndObject();
            }

            items.WriteEndArray();
        }

        FeatureListJson = buffer.WrittenSpan.ToArray();
    }

    /// <summary>The features as the last <see cref="Live"/> read them: [{id, description, passes, stuck}].</summary>
    public byte[] FeatureListJson { get; private set; } = "[]"u8.ToArray();

    private void WriteRun(Utf8JsonWriter w, RunState? state, bool active, List<string> watched, string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidDataException(problem);
        }

        if (state is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteString("runId", state.RunId);
        w.WriteString("startedAt", state.StartedAt);
        w.WriteBoolean("active", active && !state.Finished);
        w.WriteBoolean("finished", state.Finished);
        w.WriteString("stopReason", state.StopReason?.ToString());
        w.WriteString("stopText", state.StopReason is { } reason ? PlainLoopObserver.StopText(reason) : null);
        w.WriteString("agent", state.Options.Agent);
        w.WriteNumber("parallel", state.Options.Parallel);
        w.WriteNumber("sessionsRun", state.SessionsRun);
        w.WriteNumber("featuresCompleted", state.FeaturesCompleted);
        w.WriteNumber("consecutiveFailures", state.ConsecutiveFailures);
        w.WriteNumber("maxFailures", state.Options.MaxFailures);
        w.WriteNumber("cost", state.CostUsd);
        if (state.Options.BudgetUsd is { } budget)
        {
            w.WriteNumber("budget", budget);
        }
        else
        {
            w.WriteNull("budget");
        }

        var now = _clock.GetUtcNow();
        w.WriteStartArray("pauses");
        // The run's own pause is also its agent's: shown once.
        var pauses = (state.Pause is { } p ? [p] : Array.Empty<PauseState>())
            .Concat((state.AgentPauses ?? []).Where(a => a.Agent != state.Pause?.Agent || a.Until != state.Pause.Until));
        foreach (var pause in pauses.Where(p => p.Until > now && !state.Finished))
        {
            w.WriteStartObject();
            w.WriteString("agent", pause.Agent);
            w.WriteString("until", pause.Until);
            w.WriteString("reason", pause.Reason);
            w.WriteBoolean("wholeRun", ReferenceEquals(pause, state.Pause));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("slots");
        if (active && !state.Finished)
        {
            foreach (var session in (state.Current is { } c ? [c] : Array.Empty<SessionState>()).Concat(state.Lanes ?? []).DistinctBy(s => s.Number))
            {
                var transcript = Path.Combine(_paceFolder, "sessions", session.Number.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), "transcript.jsonl");
                watched.Add(transcript);
                w.WriteStartObject();
                w.WriteString("item", session.FeatureId);
                w.WriteNumber("session", session.Number);
                w.WriteString("agent", session.AgentName ?? state.Options.Agent);
                w.WriteString("startedAt", session.StartedAt);
                w.WriteString("phase", session.Phase switch
                {
                    SessionPhase.Started => "agent working",
                    SessionPhase.AgentFinished => "Pace verifying",
                    _ => "recording",
                });
                w.WriteString("action", TranscriptTail.LatestAction(transcript));
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
