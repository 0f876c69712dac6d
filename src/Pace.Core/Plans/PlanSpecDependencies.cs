using Pace.Core.Diagnostics;
using Pace.Core.Specs;
using Pace.Core.Specs.Internal;

namespace Pace.Core.Plans;

/// <summary>
/// The spec parser's findings of a spec plan that may be merged into an existing spec, whose tasks
/// its <c>depends_on</c> may name. The parser checks dependencies within the file it reads, so it
/// also reads the plan with the existing tasks appended after the plan's own (<see cref="PlanMerge"/>:
/// every byte of the plan up to there unchanged, so the places are the plan's). A dependency finding
/// among the plan's tasks that this second reading does not repeat named an existing task; one it
/// adds there is new (a cycle through the existing tasks).
/// </summary>
internal static class PlanSpecDependencies
{
    public static IReadOnlyList<Diagnostic> Parse(string path, byte[] plan, JNode root, PlanFormat format, byte[]? existing, Findings found)
    {
        var alone = SpecParser.Parse(path, plan).Diagnostics;
        if (existing is null || PlanItems.ItemArray(root, format) is not { Items.Count: > 0 } array)
        {
            return alone;
        }

        var end = found.At(array.Items[^1].End);
        var merged = SpecParser.Parse(path, PlanMerge.Append(plan, existing, format)).Diagnostics;
        bool InPlanTasks(Diagnostic d) => d.Field == "depends_on" && d.Line is { } line && (line < end.Line || (line == end.Line && d.Column < end.Column));
        return [.. alone.Where(d => !InPlanTasks(d) || merged.Contains(d)), .. merged.Where(d => InPlanTasks(d) && !alone.Contains(d))];
    }
}
