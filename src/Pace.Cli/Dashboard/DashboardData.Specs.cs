using System.Text.Json;
using Pace.Adapters.Agents.Streams;
using Pace.Adapters.Forges.Local;
using Pace.Adapters.Specs;
using Pace.Core.Specs;
using Pace.Core.Waves;

namespace Pace.Cli.Dashboard;

/// <summary>The spec runs' part of the live view: each spec's phase, waves, tasks, pull requests and what it waits for.</summary>
internal sealed partial class DashboardData
{
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

    /// <summary>Whether the spec's state, as its file says now, waits for the final merge's confirmation (the page's Merge button).</summary>
    public bool WaitsForFinalMerge(string spec) =>
        _entries.FirstOrDefault(e => e.Spec.Name == spec) is { } entry && ReadState(entry.Layout).State is { } state && WaitingFor(state) == "merge";

    /// <summary>What the spec waits for from a person: review (on the local forge), review-on-forge, merge, failed; null for nothing.</summary>
    private static string? WaitingFor(SpecState state) => state.Phase switch
    {
        SpecPhase.AwaitingReview when IsLocal(state) => "review",
        SpecPhase.AwaitingReview => "review-on-forge",
        SpecPhase.ReadyToMerge when state.IsFinalWave && !state.MergeConfirmed && !state.CurrentWaveMerged => "merge",
        SpecPhase.Failed => "failed",
        _ => null,
    };

    private static bool IsLocal(SpecState state) => state.PrUrl is null || state.PrUrl.StartsWith("file://", StringComparison.Ordinal);

    /// <summary>The spec's run state (null before its first run), or the problem that keeps it from being read, with its place.</summary>
    private static (SpecState? State, string? Problem) ReadState(SpecLayout layout)
    {
        try
        {
            return (File.Exists(layout.StatePath) ? SpecStateJson.Read(layout.StatePath, File.ReadAllBytes(layout.StatePath)) : null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"{layout.StatePath}: {e.Message}");
        }
        catch (Pace.Core.Diagnostics.InputException e)
        {
            return (null, e.Diagnostics.Count > 0 ? e.Diagnostics[0].ToString() : e.Message);
        }
    }

    private void WriteSpec(Utf8JsonWriter w, Spec spec, SpecLayout layout, bool active, List<string> watched)
    {
        var (state, stateProblem) = ReadState(layout);
        w.WriteStartObject();
        w.WriteString("name", spec.Name);
        w.WriteBoolean("active", active);
        w.WriteNumber("totalWaves", spec.Waves.Count);
        w.WriteString("stateProblem", stateProblem);
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
            w.WriteString("waiting", WaitingFor(state));
            w.WriteString("prUrl", IsLocal(state) ? null : state.PrUrl);
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

        // The spec's other session at work: the fix of the review being addressed (a task run again is a task's).
        w.WriteStartArray("others");
        if (active && state is { Phase: SpecPhase.ReviewProcessing })
        {
            var name = $"fix-{state.ReviewStatus.ReviewCycles}";
            var folder = layout.SessionFolder(state.CurrentWave, name);
            var transcript = Path.Combine(folder, "transcript.jsonl");
            if (File.Exists(transcript) && !File.Exists(Path.Combine(folder, "evidence.json")))
            {
                watched.Add(transcript);
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("wave", state.CurrentWave);
                w.WriteString("agent", SpecAgent);
                w.WriteString("action", TranscriptTail.LatestAction(transcript));
                w.WriteString("startedAt", Started(transcript));
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("tasks");
        foreach (var task in spec.Tasks.OrderBy(t => t.Wave).ThenBy(t => t.Index))
        {
            var folder = layout.SessionFolder(task.Wave, task.Id);
            var status = TaskStatus(state, task, folder);
            var pause = state?.ExecutionStatus.PausedTasks.FirstOrDefault(p => p.TaskId == task.Id && p.Until > _clock.GetUtcNow());
            w.WriteStartObject();
            w.WriteString("id", task.Id);
            w.WriteString("title", task.Title);
            w.WriteNumber("wave", task.Wave);
            w.WriteString("status", status);
            w.WriteString("agent", SpecAgent);
            if (pause is not null)
            {
                w.WriteString("pausedUntil", pause.Until);
                w.WriteString("pauseReason", $"{pause.Agent}: {pause.Reason}");
            }

            if (active && status == "running")
            {
                var transcript = Path.Combine(folder, "transcript.jsonl");
                watched.Add(transcript);
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

    /// <summary>passed, failed, running, or waiting, from the state and the task's session folder (its verdict as the history read it).</summary>
    private string TaskStatus(SpecState? state, SpecTask task, string folder)
    {
        if (state is null)
        {
            return "waiting";
        }

        if (state.History.Any(h => h.Wave == task.Wave && h.Status == WaveOutcome.Merged) || state.Phase == SpecPhase.Completed)
        {
            return "passed";
        }

        // A task whose result its wave branch refused runs again: its refused attempt's evidence is no failure yet.
        var again = task.Wave == state.CurrentWave && state.ExecutionStatus.RefusedMerges.Any(r => r.TaskId == task.Id)
            && !state.ExecutionStatus.PassedTasks.Contains(task.Id) && !state.ExecutionStatus.FailedTasks.Contains(task.Id);
        return Sessions.Passed(Path.Combine(folder, "evidence.json")) switch
        {
            true => "passed",
            // Its next session moves the refused attempt aside first: a failed verdict still here is the refused one.
            false when again => "waiting",
            false => "failed",
            null => File.Exists(Path.Combine(folder, "transcript.jsonl")) ? "running" : "waiting",
        };
    }

    private static DateTimeOffset Started(string path)
    {
        var info = new FileInfo(path);
        var created = info.CreationTimeUtc;
        return new DateTimeOffset(created.Year > 1980 ? created : info.LastWriteTimeUtc, TimeSpan.Zero);
    }
}
