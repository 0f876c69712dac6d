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
internal sealed class DashboardData
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

        var specs = Path.Combine(_paceFolder, "specs");
        if (Directory.Exists(specs))
        {
            foreach (var folder in Directory.EnumerateDirectories(specs))
            {
                Add(Path.Combine(folder, "journal.jsonl"));
                Add(Path.Combine(folder, "state.json"));
            }
        }

        var pulls = Path.Combine(_paceFolder, "forge", "pulls");
        if (Directory.Exists(pulls))
        {
            foreach (var file in Directory.EnumerateFiles(pulls, "*.json"))
            {
                Add(file);
            }
        }

        foreach (var transcript in _running)
        {
            Add(transcript);
        }

        return parts.ToString();
    }

    private IReadOnlyList<string> _running = [];

    /// <summary>The live part: what runs now, progress, what waits for a person.</summary>
    public byte[] Live(out IReadOnlyList<SessionRows.SpecSessions> specSessions)
    {
        var running = new List<string>();
        var specs = new List<SessionRows.SpecSessions>();
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
            var state = LoopState();
            var list = FeatureList();
            WriteFeatures(w, list, state);
            WriteRun(w, state, runActive, running);
            w.WriteStartArray("specs");
            foreach (var entry in SpecEntries())
            {
                var active = holder is { Running: true } s && s.Holder.Command == $"pace spec run {entry.Spec.Name}";
                WriteSpec(w, entry.Spec, entry.Layout, active, running);
                specs.Add(new SessionRows.SpecSessions(entry.Spec.Name, [.. entry.Spec.Tasks.Select(t => (t.Wave, t.Id, entry.Layout.SessionFolder(t.Wave, t.Id)))]));
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

        _running = running;
        specSessions = specs;
        return buffer.WrittenSpan.ToArray();
    }

    private RunState? LoopState()
    {
        var path = Path.Combine(_paceFolder, "run", "state.json");
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), LoopJson.Default.RunState) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private FeatureList? FeatureList()
    {
        try
        {
            return _listPath is not null && File.Exists(_listPath) ? FeatureListFiles.Load(_listPath) : null;
        }
        catch (Exception e) when (e is Pace.Core.Diagnostics.InputException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void WriteFeatures(Utf8JsonWriter w, FeatureList? list, RunState? state)
    {
        if (list is null)
        {
            w.WriteNull("features");
            return;
        }

        var work = NextWork.Of(list, state);
        var stuck = work.Stuck.ToDictionary(s => s.FeatureId, StringComparer.Ordinal);
        var progress = list.Progress;
        w.WriteStartObject("features");
        w.WriteString("project", list.ProjectName ?? Path.GetFileName(_root));
        w.WriteNumber("passing", progress.Passing);
        w.WriteNumber("failing", progress.Failing);
        w.WriteNumber("total", progress.Total);
        w.WriteNumber("stuck", stuck.Count);
        w.WriteString("next", work.Next?.Id.Value);
        w.WriteStartArray("list");
        foreach (var feature in list.Features)
        {
            w.WriteStartObject();
            w.WriteString("id", feature.Id.Value);
            w.WriteString("category", feature.Category);
            w.WriteString("description", feature.Description);
            w.WriteBoolean("passes", feature.Passes);
            if (stuck.TryGetValue(feature.Id.Value, out var attempts))
            {
                w.WriteStartObject("stuck");
                w.WriteNumber("failures", attempts.Failures);
                w.WriteStartArray("reasons");
                foreach (var reason in attempts.LastReasons)
                {
                    w.WriteStringValue(reason);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteRun(Utf8JsonWriter w, RunState? state, bool active, List<string> running)
    {
        if (state is null)
        {
            w.WriteNull("run");
            return;
        }

        w.WriteStartObject("run");
        w.WriteString("runId", state.RunId);
        w.WriteString("startedAt", state.StartedAt);
        w.WriteBoolean("active", active && !state.Finished);
        w.WriteBoolean("finished", state.Finished);
        w.WriteString("stopReason", state.StopReason?.ToString());
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
            .Concat(state.AgentPauses.Where(a => a.Agent != state.Pause?.Agent || a.Until != state.Pause.Until));
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
            foreach (var session in (state.Current is { } c ? [c] : Array.Empty<SessionState>()).Concat(state.Lanes).DistinctBy(s => s.Number))
            {
                var transcript = Path.Combine(_paceFolder, "sessions", session.Number.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), "transcript.jsonl");
                running.Add(transcript);
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

    private sealed record SpecEntry(Spec Spec, SpecLayout Layout);

    private IEnumerable<SpecEntry> SpecEntries()
    {
        IReadOnlyList<SpecCatalog.Entry> entries;
        try
        {
            entries = SpecCatalog.List(_projectFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (entry.Result.Spec is { } spec)
            {
                yield return new SpecEntry(spec, new SpecLayout(_root, Pace.Cli.Commands.SpecProject.Relative(_root, _projectFolder), Pace.Cli.Commands.SpecProject.Relative(_root, entry.Path), spec.Name, spec.Format));
            }
        }
    }

    private void WriteSpec(Utf8JsonWriter w, Spec spec, SpecLayout layout, bool active, List<string> running)
    {
        SpecState? state = null;
        try
        {
            if (File.Exists(layout.StatePath))
            {
                state = SpecStateJson.Read(layout.StatePath, File.ReadAllBytes(layout.StatePath));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Pace.Core.Diagnostics.InputException or JsonException)
        {
            state = null;
        }

        w.WriteStartObject();
        w.WriteString("name", spec.Name);
        w.WriteBoolean("active", active);
        w.WriteNumber("totalWaves", spec.Waves.Count);
        if (state is null)
        {
            w.WriteString("phase", "NOT_STARTED");
            w.WriteNumber("currentWave", 0);
        }
        else
        {
            var report = SpecStatusReport.Of(state);
            w.WriteString("phase", report.Phase);
            w.WriteString("status", report.Status);
            w.WriteString("message", report.Message);
            w.WriteString("nextAction", report.NextAction);
            w.WriteNumber("currentWave", state.CurrentWave);
            w.WriteString("targetBranch", state.PullRequestTarget);
            if (state.PrNumber is { } pr)
            {
                w.WriteNumber("prNumber", pr);
            }

            w.WriteNumber("reviewCycles", state.ReviewStatus.ReviewCycles);
            var local = state.PrUrl is null || state.PrUrl.StartsWith("file://", StringComparison.Ordinal);
            var waiting = state.Phase switch
            {
                SpecPhase.AwaitingReview when local => "review",
                SpecPhase.AwaitingReview => "review-on-forge",
                SpecPhase.ReadyToMerge when state.IsFinalWave && !state.MergeConfirmed && !state.CurrentWaveMerged => "merge",
                SpecPhase.Failed => "failed",
                _ => null,
            };
            w.WriteString("waiting", waiting);
            w.WriteString("prUrl", local ? null : state.PrUrl);
            w.WriteStartArray("waves");
            foreach (var record in state.History)
            {
                w.WriteStartObject();
                w.WriteNumber("wave", record.Wave);
                if (record.PrNumber is { } n)
                {
                    w.WriteNumber("prNumber", n);
                }

                w.WriteString("status", record.Status.ToString());
                w.WriteNumber("reviewCycles", record.ReviewCycles);
                if (record.MergedAt is { } merged)
                {
                    w.WriteString("mergedAt", merged);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            var now = _clock.GetUtcNow();
            w.WriteStartArray("pauses");
            foreach (var pause in state.ExecutionStatus.PausedTasks.Where(p => p.Until > now))
            {
                w.WriteStartObject();
                w.WriteString("task", pause.TaskId);
                w.WriteString("agent", pause.Agent);
                w.WriteString("until", pause.Until);
                w.WriteString("reason", pause.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("tasks");
        foreach (var task in spec.Tasks.OrderBy(t => t.Wave).ThenBy(t => t.Index))
        {
            var folder = layout.SessionFolder(task.Wave, task.Id);
            var status = TaskStatus(state, task, folder);
            w.WriteStartObject();
            w.WriteString("id", task.Id);
            w.WriteString("title", task.Title);
            w.WriteNumber("wave", task.Wave);
            w.WriteString("status", status);
            if (active && status == "running")
            {
                var transcript = Path.Combine(folder, "transcript.jsonl");
                running.Add(transcript);
                w.WriteString("action", TranscriptTail.LatestAction(transcript));
                w.WriteString("startedAt", Started(transcript));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("pulls");
        IReadOnlyList<LocalForge.View> pulls;
        try
        {
            pulls = LocalForge.ViewsOfSpec(_paceFolder, spec.Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            pulls = [];
        }

        foreach (var pull in pulls)
        {
            w.WriteStartObject();
            w.WriteNumber("number", pull.Number);
            w.WriteString("title", pull.Title);
            w.WriteString("head", pull.Head);
            w.WriteString("base", pull.Base);
            w.WriteString("status", pull.Status.ToString());
            w.WriteString("createdAt", pull.CreatedAt);
            w.WriteStartArray("reviews");
            foreach (var review in pull.Reviews)
            {
                w.WriteStartObject();
                w.WriteString("reviewer", review.Reviewer);
                w.WriteString("kind", review.Kind.ToString());
                w.WriteString("body", review.Body);
                w.WriteNumber("blocking", review.Blocking.Count);
                w.WriteString("at", review.At);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>passed, failed, running, or waiting, from the state and the task's session folder.</summary>
    private static string TaskStatus(SpecState? state, SpecTask task, string folder)
    {
        if (state is null)
        {
            return "waiting";
        }

        if (state.History.Any(h => h.Wave == task.Wave && h.Status == WaveOutcome.Merged) || state.Phase == SpecPhase.Completed)
        {
            return "passed";
        }

        var evidence = Path.Combine(folder, "evidence.json");
        if (File.Exists(evidence))
        {
            return TaskEvidence.Latest(folder)?.Verdict.Passed == true ? "passed" : "failed";
        }

        return File.Exists(Path.Combine(folder, "transcript.jsonl")) ? "running" : "waiting";
    }

    private static DateTimeOffset Started(string path)
    {
        var info = new FileInfo(path);
        var created = info.CreationTimeUtc;
        return new DateTimeOffset(created.Year > 1980 ? created : info.LastWriteTimeUtc, TimeSpan.Zero);
    }
}
