using System.Text.Json;
using Pace.Core.Features;
using Pace.Core.Loop;

namespace Pace.Cli.Output;

/// <summary>The feature a run would take next, past the features its stuck marks set aside (the loop's own rule, StuckRules).</summary>
internal sealed record NextWork(Feature? Next, IReadOnlyList<Feature> Workable, IReadOnlyList<FeatureAttempts> Stuck)
{
    public static NextWork Of(FeatureList list, RunState? state, bool retryStuck = false)
    {
        var stuck = state is null || retryStuck ? [] : StuckRules.StillStuck(state, list);
        var workable = list.Failing.Where(f => !stuck.Any(s => s.FeatureId == f.Id.Value)).ToList();
        return new NextWork(workable.FirstOrDefault(), workable, stuck);
    }

    public static NextWork ForList(FeatureList list, string listPath, bool retryStuck = false) =>
        Of(list, RunStateFile.ForList(listPath), retryStuck);

    /// <summary>"Stuck (set aside; ...): B-2, D-4", or null when none is.</summary>
    public string? StuckLine =>
        Stuck.Count == 0 ? null : $"Stuck (set aside; 'pace run --retry-stuck' tries them again): {string.Join(", ", Stuck.Select(s => s.FeatureId))}";

    public void WriteStuckJson(Utf8JsonWriter json)
    {
        // Only when some are: the documented shapes stay as they were for lists with none.
        if (Stuck.Count == 0)
        {
            return;
        }

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
}
