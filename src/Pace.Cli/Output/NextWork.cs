using System.Text.Json;
using Pace.Core.Features;
using Pace.Core.Loop;

namespace Pace.Cli.Output;

/// <summary>
/// The feature a run would take next, past the features its stuck marks set aside and those that
/// wait on a dependency (the loop's own rules, StuckRules and FeatureOrder).
/// </summary>
/// <param name="Workable">The features a run would take, in the order it would take them if each passed.</param>
internal sealed record NextWork(Feature? Next, IReadOnlyList<Feature> Workable, IReadOnlyList<FeatureAttempts> Stuck, IReadOnlyList<FeatureWait> Waiting)
{
    public static NextWork Of(FeatureList list, RunState? state, bool retryStuck = false)
    {
        var stuck = state is null || retryStuck ? [] : StuckRules.StillStuck(state, list);
        bool SetAside(Feature f) => stuck.Any(s => s.FeatureId == f.Id.Value);
        var workable = FeatureOrder.Planned(list, SetAside);
        var waiting = FeatureOrder.Waiting(list, SetAside)
            .Select(w => new FeatureWait(w.Feature.Id.Value, [.. w.WaitsOn.Select(d => d.Id.Value)]))
            .ToList();
        return new NextWork(workable.Count > 0 ? workable[0] : null, workable, stuck, waiting);
    }

    public static NextWork ForList(FeatureList list, string listPath, bool retryStuck = false) =>
        Of(list, RunStateFile.ForList(listPath), retryStuck);

    /// <summary>"Stuck (set aside; ...): B-2, D-4", or null when none is.</summary>
    public string? StuckLine =>
        Stuck.Count == 0 ? null : $"Stuck (set aside; 'pace run --retry-stuck' tries them again): {string.Join(", ", Stuck.Select(s => s.FeatureId))}";

    /// <summary>How many waiting features a plain line names; --json lists them all.</summary>
    private const int WaitingShown = 10;

    /// <summary>
    /// "Waiting (depends_on, until these pass): C-3 on B-2 (stuck); D-4 on A-1, C-3", the first ten
    /// and how many more (a long chain would make it a line of megabytes), or null when none waits.
    /// </summary>
    public string? WaitingLine => Waiting.Count == 0
        ? null
        : "Waiting (depends_on, until these pass): " + Describe([.. Waiting.Take(WaitingShown)], Stuck)
            + (Waiting.Count > WaitingShown ? $"; and {Waiting.Count - WaitingShown} more ('--json' lists them all)" : "");

    /// <summary>Why no feature is next while some fail.</summary>
    public string NoneText => Waiting.Count == 0 ? "every failing feature is stuck" : "every failing feature is stuck or waits on a stuck one";

    /// <summary>A text as the start of a sentence.</summary>
    public static string Sentence(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"C-3 on B-2 (stuck); D-4 on A-1, C-3".</summary>
    public static string Describe(IReadOnlyList<FeatureWait> waiting, IReadOnlyList<FeatureAttempts> stuck) =>
        string.Join("; ", waiting.Select(w => $"{w.FeatureId} on {string.Join(", ", w.WaitsOn.Select(d => stuck.Any(s => s.FeatureId == d) ? d + " (stuck)" : d))}"));

    public void WriteStuckJson(Utf8JsonWriter json)
    {
        // Only when some are: the documented shapes stay as they were for lists with none.
        if (Stuck.Count > 0)
        {
            json.WriteStartArray("stuck");
            foreach (var stuck in Stuck)
            {
                json.WriteStartObject();
                json.WriteString("featureId", stuck.FeatureId);
                json.WriteNumber("attempts", stuck.Failures);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        WriteWaiting(json, Waiting);
    }

    /// <summary>A <c>waiting</c> array of {featureId, waitsOn}, only when some feature waits.</summary>
    public static void WriteWaiting(Utf8JsonWriter json, IReadOnlyList<FeatureWait> waiting)
    {
        if (waiting.Count == 0)
        {
            return;
        }

        json.WriteStartArray("waiting");
        foreach (var wait in waiting)
        {
            json.WriteStartObject();
            json.WriteString("featureId", wait.FeatureId);
            JsonOutput.Strings(json, "waitsOn", wait.WaitsOn);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
